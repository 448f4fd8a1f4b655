"""The grouping problem kind (十人一联, seed 001 篇十五; 妇女互助组, seed 000): hard rules, optimality for the
leaders (brute force on small villages, an independent dense solve on larger ones), stability, the proof,
the leaders' suggestion, and every error message."""
import itertools
import json

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import linear_sum_assignment

from matching import (GROUPS_FULL, NO_LEADER_WITHIN_REACH, InstanceError, form_groups, load_grouping,
                      read_grouping, suggest_leaders)
from matching._group_assign import NotOptimal, assign, certify
from matching._group_model import build_components
from matching._model import haversine_km

from .grouping_cases import brute_force_objective, village_doc


def check_rules(instance, result):
    """Every person is a leader, a member of one group, or left out; every group keeps every hard rule."""
    r = instance.rules
    people = {p.id: p for p in instance.people}
    cands = {c.id: c for c in instance.candidates}
    seen = []
    for g in result.groups:
        leader = cands[g.leader]
        assert r.min_size <= len(g.members) <= r.max_size
        for m in g.members:
            p = people[m.person]
            assert p.village == leader.village
            if r.same_grid:
                assert p.grid == leader.grid
            km = float(haversine_km(p.lat, p.lon, leader.lat, leader.lon))
            assert km <= r.max_km + 1e-9 and m.distance_km == pytest.approx(km)
            seen.append(m.person)
    leading = [g.leader for g in result.groups if g.leader in people]
    seen += leading + [x.person for x in result.left_out]
    assert sorted(seen) == sorted(people)


def objective_of(instance, result):
    w = instance.weights
    kept = sum(m.explain["kept"] for g in result.groups for m in g.members)
    km = sum(m.distance_km for g in result.groups for m in g.members)
    return w.per_km * km + w.keep * kept + w.left_out * len(result.left_out)


@st.composite
def small_villages(draw):
    seed = draw(st.integers(0, 10_000))
    n = draw(st.integers(1, 7))
    k = draw(st.integers(1, 3))
    lo = draw(st.integers(1, 2))
    hi = draw(st.integers(lo, 4))
    rules = {"min_size": lo, "size": lo, "max_size": hi, "max_km": draw(st.sampled_from([0.8, 1.5, 3.0])),
             "same_grid": draw(st.booleans())}
    return village_doc(seed, n, k, n_villages=draw(st.integers(1, 2)), grids=2, rules=rules,
                       with_current=draw(st.booleans()))


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_villages())
def test_the_hard_rules_always_hold_and_the_assignment_equals_brute_force(doc):
    instance = load_grouping(doc)
    leaders = tuple(c.id for c in instance.candidates)
    best = brute_force_objective(instance, leaders)
    if best is None:
        with pytest.raises(InstanceError, match="no grouping gives each of"):
            form_groups(instance, leaders=leaders)
        return
    for method in ("dense", "sparse"):
        result = form_groups(instance, leaders=leaders, method=method)
        check_rules(instance, result)
        assert result.objective == pytest.approx(best, abs=1e-5)
        assert objective_of(instance, result) == pytest.approx(best, abs=1e-5)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10_000), st.booleans())
def test_suggested_leaders_keep_the_hard_rules_too(seed, same_grid):
    doc = village_doc(seed, 40, 8, n_villages=2, grids=2, spread_km=2.5,
                      rules={"size": 8, "min_size": 2, "max_size": 10, "same_grid": same_grid})
    instance = load_grouping(doc)
    result = form_groups(instance)
    check_rules(instance, result)
    assert result.stats["leaders"] == "suggested"


def independent_dense_objective(instance, leaders):
    """The optimum by one linear_sum_assignment over the whole instance, built apart from the engine: people
    as rows, every leader's max_size slots and one 'left out' column per person as columns; the slots a group
    needs to reach min_size are rewarded by a large M, so that the optimum fills them when it can."""
    r, w = instance.rules, instance.weights
    people = [p for p in instance.people if p.id not in leaders]
    cands = [c for c in instance.candidates if c.id in leaders]
    big_m = 1e6
    cols = [(c, s) for c in cands for s in range(r.max_size)]
    cost = np.full((len(people), len(cols) + len(people)), np.inf)
    for i, p in enumerate(people):
        for k, (c, s) in enumerate(cols):
            km = float(haversine_km(p.lat, p.lon, c.lat, c.lon))
            if c.village == p.village and (not r.same_grid or c.grid == p.grid) and km <= r.max_km:
                cost[i, k] = w.per_km * km + w.keep * (p.current_leader == c.id) - (big_m if s < r.min_size else 0)
        cost[i, len(cols) + i] = w.left_out
    rows, chosen = linear_sum_assignment(cost)
    total = cost[rows, chosen].sum() + big_m * r.min_size * len(cands)
    return float(total)


@pytest.mark.parametrize("seed", range(6))
def test_the_assignment_equals_an_independent_dense_solve_on_larger_villages(seed):
    doc = village_doc(seed, 90, 12, n_villages=2, spread_km=2.5, with_current=True,
                      rules={"size": 8, "min_size": 3, "max_size": 10})
    instance = load_grouping(doc)
    leaders = tuple(c.id for c in instance.candidates[::2])
    want = independent_dense_objective(instance, leaders)
    for method in ("dense", "sparse", "auto"):
        result = form_groups(instance, leaders=leaders, method=method)
        check_rules(instance, result)
        assert result.objective == pytest.approx(want, abs=1e-4)
        assert result.stats["proof"]["components"] == 2 and result.stats["proof"]["gap"] == 0


def test_the_same_instance_gives_the_same_groups_on_every_run():
    doc = village_doc(7, 120, 20, n_villages=2, spread_km=3.0, with_current=True)
    first = form_groups(doc).to_dict()
    for _ in range(2):
        again = form_groups(json.loads(json.dumps(doc))).to_dict()
        assert again["groups"] == first["groups"] and again["left_out"] == first["left_out"]


def test_a_rerun_with_todays_groups_keeps_every_group():
    """With today's groups given as current leaders, today's optimum is the only optimum (it alone earns every
    keep bonus, and no plan is cheaper without them), so a re-run changes nobody's group."""
    doc = village_doc(11, 80, 15, spread_km=2.5)
    first = form_groups(doc)
    leaders = [g.leader for g in first.groups]
    for p in doc["people"]:
        if p["id"] in first.leader_of():
            p["current_leader"] = first.leader_of()[p["id"]]
    again = form_groups(doc, leaders=leaders)
    assert again.leader_of() == first.leader_of()
    assert all(m.explain["kept"] for g in again.groups for m in g.members)


def test_the_proof_rejects_a_matching_that_is_not_minimal():
    doc = village_doc(3, 30, 3, spread_km=1.5, rules={"min_size": 1})
    instance = load_grouping(doc)
    comp = build_components(instance)[0]
    got = assign(comp, np.arange(3), 1, 12)
    assert certify(got.edges, got.column).primal == got.total - comp.left * len(got.free)
    # Put two members of different groups each in the other's group: a dearer matching.
    column = got.column.copy()
    rows = [r for r in range(len(column)) if column[r] < len(got.free)]
    a = rows[0]
    b = next(r for r in rows if got.edges.slot_leader[r] != got.edges.slot_leader[a])
    column[a], column[b] = column[b], column[a]
    with pytest.raises(NotOptimal, match="not minimal|did not settle|duality gap"):
        certify(got.edges, column)


def test_a_person_too_far_from_every_leader_is_left_out_with_the_reason():
    doc = {"format": "guanai-grouping/1", "rules": {"min_size": 1, "max_size": 1, "size": 1},
           "people": [{"id": "a", "lat": 27.300, "lon": 111.8, "village": "V"},
                      {"id": "b", "lat": 27.301, "lon": 111.8, "village": "V"},
                      {"id": "far", "lat": 27.5, "lon": 111.8, "village": "V"},
                      {"id": "other", "lat": 27.300, "lon": 111.8, "village": "W"}],
           "candidates": [{"id": "L", "lat": 27.3005, "lon": 111.8, "village": "V"}]}
    result = form_groups(doc, leaders=["L"])
    reasons = {x.person: x for x in result.left_out}
    assert reasons["b"].reason == GROUPS_FULL and "fills that group" in reasons["b"].detail
    assert reasons["far"].reason == NO_LEADER_WITHIN_REACH and "nearest 22.18 km" in reasons["far"].detail
    assert reasons["other"].reason == NO_LEADER_WITHIN_REACH and reasons["other"].counts["nearest_leader_km"] is None
    assert result.leader_of() == {"a": "L"}


def test_a_leader_who_is_a_person_to_group_leads_and_is_nobodys_member():
    doc = village_doc(5, 12, 0, spread_km=1.0, rules={"min_size": 1})
    doc["candidates"] = [dict(doc["people"][0]), dict(doc["people"][1])]
    result = form_groups(doc, leaders=[doc["people"][0]["id"]])
    check_rules(load_grouping(doc), result)
    assert doc["people"][0]["id"] not in result.leader_of()
    assert result.leader_of()[doc["people"][1]["id"]] == doc["people"][0]["id"]


def test_locked_members_stay_and_count_toward_the_size():
    doc = village_doc(9, 20, 3, spread_km=1.0, rules={"min_size": 1, "max_size": 6, "size": 6})
    first = form_groups(doc, leaders=["c0-0", "c0-1", "c0-2"])
    moved = next(m.person for g in first.groups if g.leader == "c0-0" for m in g.members)
    doc["locked"] = [[moved, "c0-1"]]
    again = form_groups(doc, leaders=["c0-0", "c0-1", "c0-2"])
    assert again.leader_of()[moved] == "c0-1"
    assert all(len(g.members) <= 6 for g in again.groups)
    assert next(m for g in again.groups for m in g.members if m.person == moved).explain["locked"]


def test_suggested_leaders_on_small_villages_are_close_to_the_best_set():
    """The heuristic against every set of leaders (the README's figure comes from bench/groups.py)."""
    gaps = []
    for seed in range(12):
        doc = village_doc(seed, 24, 9, spread_km=2.2, rules={"size": 8, "min_size": 3, "max_size": 10})
        instance = load_grouping(doc)
        chosen = suggest_leaders(instance)
        heuristic = form_groups(instance, leaders=chosen).objective
        best = min(form_groups(instance, leaders=s).objective
                   for s in itertools.combinations([c.id for c in instance.candidates], len(chosen))
                   if _feasible(instance, s))
        assert heuristic >= best - 1e-6
        gaps.append((heuristic - best) / best)
    assert max(gaps) <= 0.05 and np.mean(gaps) <= 0.01


def _feasible(instance, leaders):
    try:
        form_groups(instance, leaders=leaders)
    except InstanceError:
        return False
    return True


def test_the_number_of_groups_suggested_is_one_per_size_people_within_reach():
    doc = village_doc(2, 45, 12, spread_km=1.0, rules={"size": 10, "min_size": 3, "max_size": 12})
    assert len(suggest_leaders(doc)) == 5
    result = form_groups(doc)
    assert len(result.groups) == 5 and not result.left_out and result.stats["search"]["evaluations"] > 5


def test_the_result_reads_as_json():
    result = form_groups(village_doc(1, 15, 3, spread_km=1.0, rules={"min_size": 1}))
    doc = json.loads(result.to_json())
    assert doc["format"] == "guanai-grouping-result/1"
    assert sum(len(g["members"]) for g in doc["groups"]) == 15
    assert doc["stats"]["proof"]["method"].startswith("dual prices")


def test_an_instance_goes_to_json_and_back():
    instance = load_grouping(village_doc(4, 6, 2, grids=2, with_current=True, rules={"same_grid": True}))
    assert load_grouping(instance.to_dict()) == instance


# Every error message.

def base():
    return {"format": "guanai-grouping/1",
            "people": [{"id": "p1", "lat": 27.3, "lon": 111.8, "village": "V", "grid": "G1"},
                       {"id": "p2", "lat": 27.301, "lon": 111.8, "village": "V", "grid": "G2"}],
            "candidates": [{"id": "L1", "lat": 27.3005, "lon": 111.8, "village": "V", "grid": "G1"},
                           {"id": "L2", "lat": 27.3005, "lon": 111.8, "village": "W", "grid": "G1"}]}


def edited(change):
    doc = base()
    change(doc)
    return doc


INVALID = [
    (lambda d: d.update(format="x"), r'^format: must be "guanai-grouping/1"$'),
    (lambda d: d.update(extra=1), r"^\(document\)\.extra: is not a known key$"),
    (lambda d: d.update(rules=[]), r"^rules: must be an object$"),
    (lambda d: d.update(rules={"sizes": 3}), r"^rules\.sizes: is not a known key$"),
    (lambda d: d.update(rules={"size": 0}), r"^rules\.size: must be an integer from 1 to 1000$"),
    (lambda d: d.update(rules={"max_size": 2000}), r"^rules\.max_size: must be an integer from 1 to 1000$"),
    (lambda d: d.update(rules={"min_size": 1.5}), r"^rules\.min_size: must be an integer from 1 to 1000$"),
    (lambda d: d.update(rules={"min_size": 11}),
     r"^rules: needs min_size <= size <= max_size \(got 11, 10, 12\)$"),
    (lambda d: d.update(rules={"max_km": 0}), r"^rules\.max_km: must be a number > 0$"),
    (lambda d: d.update(rules={"same_grid": "yes"}), r"^rules\.same_grid: must be true or false$"),
    (lambda d: d.update(weights=1), r"^weights: must be an object$"),
    (lambda d: d.update(weights={"per_km": -1}), r"^weights\.per_km: must be a number >= 0$"),
    (lambda d: d.update(weights={"left_out": 1e9}), r"^weights\.left_out: must be a number <= 1000000$"),
    (lambda d: d.update(weights={"keep": "x"}), r"^weights\.keep: must be a number$"),
    (lambda d: d.update(weights={"bonus": 1}), r"^weights\.bonus: is not a known key$"),
    (lambda d: d.update(people={}), r"^people: must be a list$"),
    (lambda d: d["people"].append(3), r"^people\[2\]: must be an object$"),
    (lambda d: d["people"][0].pop("village"), r"^people\[0\]\.village: is required$"),
    (lambda d: d["people"][0].update(lat=91), r"^people\[0\]\.lat: must be a number in \[-90, 90\]$"),
    (lambda d: d["people"][0].update(age=70), r"^people\[0\]\.age: is not a known key$"),
    (lambda d: d["people"][1].update(id="p1"), r'^people\[1\]\.id: "p1" is already used by people\[0\]$'),
    (lambda d: d["people"][0].update(current_leader="X"), r'^people\[0\]\.current_leader: unknown candidate "X"$'),
    (lambda d: d["candidates"][0].update(current_leader="L1"), r"^candidates\[0\]\.current_leader: is not a known"),
    (lambda d: (d["rules"] if "rules" in d else d.setdefault("rules", {})).update(same_grid=True)
     or d["people"][0].pop("grid"), r"^people\[0\]\.grid: is required$"),
    (lambda d: d["candidates"].append({"id": "p1", "lat": 27.0, "lon": 111.8, "village": "V", "grid": "G1"}),
     r'^candidates\[2\]: "p1" is also a person to group, with another place, village or grid$'),
    (lambda d: d.update(leaders="L1"), r"^leaders: must be a list of candidate ids$"),
    (lambda d: d.update(leaders=["X"]), r'^leaders\[0\]: unknown candidate "X"$'),
    (lambda d: d.update(leaders=["L1", "L1"]), r'^leaders\[1\]: "L1" is listed twice$'),
    (lambda d: d.update(locked={}), r"^locked: must be a list of \[person, leader\] pairs$"),
    (lambda d: d.update(locked=[["p1"]]), r"^locked\[0\]: must be a pair \[person id, leader id\]$"),
    (lambda d: d.update(locked=[["X", "L1"]]), r'^locked\[0\]\[0\]: unknown person "X"$'),
    (lambda d: d.update(locked=[["p1", "X"]]), r'^locked\[0\]\[1\]: unknown candidate "X"$'),
    (lambda d: d.update(locked=[["p1", "L1"], ["p1", "L1"]]), r'^locked\[1\]\[0\]: "p1" is already locked by locked\[0\]$'),
    (lambda d: d["candidates"].append(dict(d["people"][0])) or d.update(locked=[["p1", "p1"]]),
     r'^locked\[0\]: "p1" cannot be a member of their own group$'),
    (lambda d: d["candidates"].append(dict(d["people"][1])) or d.update(locked=[["p1", "p2"], ["p2", "L1"]]),
     r'^locked\[0\]: "p2" leads a group but is locked into another group$'),
    (lambda d: d.update(leaders=["L2"], locked=[["p1", "L1"]]), r'^locked\[0\]: "L1" is not among the leaders$'),
    (lambda d: d.update(locked=[["p1", "L2"]]), r'^locked\[0\]: "p1" lives in village "V", the leader "L2" in "W"$'),
    (lambda d: d.update(rules={"same_grid": True}, locked=[["p2", "L1"]]),
     r'^locked\[0\]: "p2" lives in grid "G2", the leader "L1" in "G1"$'),
    (lambda d: d["people"][0].update(lat=27.4) or d.update(locked=[["p1", "L1"]]),
     r'^locked\[0\]: "p1" lives 11.06 km from the leader "L1", farther than max_km 1.5$'),
    (lambda d: d.update(rules={"min_size": 1, "size": 1, "max_size": 1}, locked=[["p1", "L1"], ["p2", "L1"]]),
     r'^locked: 2 people are locked to "L1", more than max_size 1$'),
]


@pytest.mark.parametrize("change, message", INVALID)
def test_each_problem_of_a_document_is_named(change, message):
    with pytest.raises(InstanceError, match=message):
        load_grouping(edited(change))


def test_every_problem_is_listed_not_only_the_first():
    doc = edited(lambda d: d.update(format="x", rules={"size": 0}))
    with pytest.raises(InstanceError) as info:
        load_grouping(doc)
    assert len(info.value.problems) == 2


def test_a_document_must_be_an_object():
    with pytest.raises(InstanceError, match=r"^\(document\): must be a JSON object$"):
        load_grouping([])


def test_form_groups_names_its_own_problems():
    with pytest.raises(ValueError, match="^method must be one of auto, sparse, dense$"):
        form_groups(base(), method="fast")
    with pytest.raises(InstanceError, match="^leaders: must be a list of candidate ids, not one string$"):
        form_groups(base(), leaders="L1")
    with pytest.raises(InstanceError, match=r'^leaders\[1\]: unknown candidate "X"$'):
        form_groups(base(), leaders=["L1", "X"])
    with pytest.raises(InstanceError, match=r'^locked\[0\]: "L1" is not among the leaders$'):
        form_groups(edited(lambda d: d.update(locked=[["p1", "L1"]])), leaders=["L2"])
    short = edited(lambda d: d.update(rules={"min_size": 3, "size": 3}))
    with pytest.raises(InstanceError, match=r'^leaders: in village "V", no grouping gives each of "L1" at least '
                                            r'min_size 3 members within 1.5 km \(people within reach of each: '
                                            r'"L1" 2\)$'):
        form_groups(short, leaders=["L1"])


def test_a_file_that_cannot_be_read_or_parsed_is_named(tmp_path):
    with pytest.raises(InstanceError, match=r"^\(file\): cannot be read: "):
        read_grouping(str(tmp_path / "missing.json"))
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(InstanceError, match=r"^\(file\): not valid JSON at line 1 column 2: "):
        read_grouping(str(bad))
    good = tmp_path / "good.json"
    good.write_text(json.dumps(base()), encoding="utf-8")
    assert len(read_grouping(str(good)).people) == 2


# The leader search skips the sets a lower bound rules out (issue 30: 23 s for 150 people); it must choose exactly
# the leaders the search that solves every set chooses (ties included), on villages of every shape.
@pytest.mark.parametrize("seed,people,candidates,spread,options", [
    (0, 24, 10, 2.2, {}), (1, 24, 10, 2.2, {"with_current": True}), (2, 40, 12, 1.5, {"with_current": True}),
    (3, 60, 15, 2.2, {}), (4, 60, 15, 3.0, {"grids": 2, "rules": {"size": 8, "same_grid": True}}),
    (5, 45, 12, 1.0, {"rules": {"size": 10, "min_size": 3, "max_size": 12}}),
    (6, 30, 12, 2.5, {"rules": {"size": 5, "min_size": 4, "max_size": 6}}),
    (7, 36, 9, 2.0, {"n_villages": 3, "weights": {"keep": -3.0, "left_out": 20.0}, "with_current": True}),
])
def test_the_bounded_search_chooses_the_leaders_solving_every_set_chooses(seed, people, candidates, spread, options):
    from matching._group_leaders import suggest_component, suggest_component_plain
    options = dict(options)
    options.setdefault("rules", {"size": 10})
    instance = load_grouping(village_doc(seed, people, candidates, spread_km=spread, **options))
    r = instance.rules
    for comp in build_components(instance):
        fast, stats = suggest_component(comp, r.size, r.min_size, r.max_size)
        plain, plain_stats = suggest_component_plain(comp, r.size, r.min_size, r.max_size)
        assert fast.tolist() == plain.tolist()
        assert stats["evaluations"] <= plain_stats["evaluations"] and stats["swaps"] == plain_stats["swaps"]


def test_the_bounded_search_keeps_locked_leaders_as_the_plain_search_does():
    from matching._group_leaders import suggest_component, suggest_component_plain
    doc = village_doc(8, 40, 10, spread_km=2.0, rules={"size": 8})
    leader = doc["candidates"][9]
    near = sorted(doc["people"], key=lambda p: float(haversine_km(p["lat"], p["lon"], leader["lat"], leader["lon"])))
    doc["locked"] = [[p["id"], leader["id"]] for p in near[:2]]
    instance = load_grouping(doc)
    comp = build_components(instance)[0]
    r = instance.rules
    fast, _ = suggest_component(comp, r.size, r.min_size, r.max_size)
    assert fast.tolist() == suggest_component_plain(comp, r.size, r.min_size, r.max_size)[0].tolist()
    assert 9 in comp.candidates[fast].tolist()


RECORDED_150 = ["c0-0", "c0-3", "c0-6", "c0-7", "c0-8", "c0-11", "c0-14", "c0-16", "c0-17", "c0-19", "c0-20", "c0-21",
                "c0-25", "c0-27", "c0-29"]


def test_the_leaders_of_a_village_of_150_are_those_the_unbounded_search_chose():
    """The case bench/groups.py --large times (150 people, 30 candidates, 3 km across): the leaders the search
    without bounds chose on it (recorded from suggest_component_plain, 1123 assignments solved)."""
    doc = village_doc(1, 150, 30, n_villages=1, spread_km=3.0, rules={"size": 10}, with_current=True)
    result = form_groups(doc)
    assert sorted(g.leader for g in result.groups) == sorted(RECORDED_150)
    assert result.stats["search"]["evaluations"] < 150
