"""One test per hard rule, lock, forbidden pair, slot term and unassigned reason."""
import pytest

from matching import CAPACITY, NO_ELIGIBLE_VOLUNTEER, solve


def doc(beneficiaries, volunteers, **extra):
    return {"format": "guanai-matching/1", "beneficiaries": beneficiaries, "volunteers": volunteers, **extra}


def child(id="c1", gender="M", age=9, priority=6, lat=27.30, lon=111.80, **kw):
    return {"id": id, "lat": lat, "lon": lon, "gender": gender, "age": age, "priority": priority, **kw}


def helper(id="v1", gender="F", capacity=1, lat=27.31, lon=111.80, checked=True, **kw):
    return {"id": id, "lat": lat, "lon": lon, "gender": gender, "capacity": capacity,
            "background_checked": checked, **kw}


def only_unassigned(result):
    assert not result.assignments
    (entry,) = result.unassigned
    return entry


def test_global_distance_limit():
    far = helper(lat=27.50)  # about 22 km north
    entry = only_unassigned(solve(doc([child()], [far], rules={"max_km": 15})))
    assert entry.reason == NO_ELIGIBLE_VOLUNTEER
    assert entry.detail == "no volunteer within 15 km"


def test_volunteer_own_distance_limit():
    entry = only_unassigned(solve(doc([child()], [helper(max_km=0.5)])))
    assert entry.reason == NO_ELIGIBLE_VOLUNTEER
    assert entry.detail == "1 volunteer within 15 km, all excluded by their own travel limit"


def test_girls_from_the_age_get_female_helpers_only():
    girl = child(gender="F", age=8)
    entry = only_unassigned(solve(doc([girl], [helper(id="v1", gender="M"), helper(id="v2", gender="M")])))
    assert entry.detail == "2 volunteers within 15 km, all excluded by the female-helper rule"
    assert entry.counts["excluded"] == {"female_helper": 2}
    younger = child(gender="F", age=7)
    assert solve(doc([younger], [helper(gender="M")])).assignments[0].volunteer == "v1"


def test_female_helper_rule_can_be_switched_off():
    girl = child(gender="F", age=12)
    result = solve(doc([girl], [helper(gender="M")], rules={"female_helper_for_girls_from_age": None}))
    assert result.assignments[0].volunteer == "v1"


def test_background_check_required_and_optional():
    entry = only_unassigned(solve(doc([child()], [helper(checked=False)])))
    assert entry.detail == "1 volunteer within 15 km, all excluded by the background-check rule"
    relaxed = solve(doc([child()], [helper(checked=False)], rules={"require_background_check": False}))
    assert relaxed.assignments[0].volunteer == "v1"


def test_forbidden_pair_is_never_used():
    result = solve(doc([child()], [helper(id="v1"), helper(id="v2", lat=27.35)], forbidden=[["c1", "v1"]]))
    assert result.assignments[0].volunteer == "v2"


def test_mixed_exclusions_are_counted_by_rule():
    entry = only_unassigned(solve(doc([child(gender="F", age=10)],
                                      [helper(id="v1", gender="M"), helper(id="v2", checked=False)])))
    assert entry.detail == ("2 volunteers within 15 km, all excluded: 1 by the female-helper rule, "
                            "1 by the background-check rule")


def test_capacity_reason_when_slots_go_to_more_urgent():
    urgent, other = child(id="c1", priority=1), child(id="c2", priority=6)
    result = solve(doc([urgent, other], [helper(capacity=1)]))
    assert result.volunteer_of() == {"c1": "v1"}
    (entry,) = result.unassigned
    assert (entry.beneficiary, entry.reason) == ("c2", CAPACITY)
    assert entry.detail.startswith("1 volunteer eligible (nearest 1.1 km)")


def test_household_goes_whole_to_one_volunteer_in_one_slot():
    siblings = [child(id="c1", household="h1"), child(id="c2", household="h1", lat=27.301)]
    result = solve(doc(siblings, [helper(capacity=1)]))
    assert result.volunteer_of() == {"c1": "v1", "c2": "v1"}
    split = solve(doc(siblings, [helper(capacity=1)], rules={"household_together": False}))
    assert len(split.assignments) == 1


def test_household_with_an_older_girl_needs_a_female_helper():
    family = [child(id="c1", household="h1", gender="M", age=5),
              child(id="c2", household="h1", gender="F", age=11)]
    result = solve(doc(family, [helper(id="m", gender="M", lat=27.305), helper(id="f", gender="F")]))
    assert result.volunteer_of() == {"c1": "f", "c2": "f"}


def test_lock_is_kept_even_when_another_is_cheaper():
    result = solve(doc([child()], [helper(id="near"), helper(id="far", lat=27.40)], locked=[["c1", "far"]]))
    assert result.volunteer_of() == {"c1": "far"}
    assert result.assignments[0].explain["locked"] is True


def test_locked_units_fill_slots_first():
    kids = [child(id="c1"), child(id="c2")]
    w = {"per_extra_slot": 3.0}
    result = solve(doc(kids, [helper(capacity=2)], locked=[["c1", "v1"]], weights=w))
    # both go to v1: the second pays slot 1 (3.0) on top of its distance
    assert result.volunteer_of() == {"c1": "v1", "c2": "v1"}
    assert result.objective == pytest.approx(2 * 1.1119508 + 3.0, abs=1e-5)


def test_slot_term_spreads_load():
    kids = [child(id="c1"), child(id="c2")]
    vols = [helper(id="v1", capacity=2), helper(id="v2", capacity=2, lat=27.312)]
    spread = solve(doc(kids, vols, weights={"per_extra_slot": 5.0}))
    assert set(spread.volunteer_of().values()) == {"v1", "v2"}
    packed = solve(doc(kids, vols, weights={"per_extra_slot": 0.0}))
    assert set(packed.volunteer_of().values()) == {"v1"}


def test_unassigned_when_cheaper_than_any_pairing():
    result = solve(doc([child(priority=7)], [helper(lat=27.35)], weights={"unassigned": {"7": 1.0}}))
    (entry,) = result.unassigned
    assert entry.reason == CAPACITY
    assert result.objective == 1.0


def test_continuity_and_shared_skills_are_explained():
    b = child(needs=["math", "art"], current_volunteer="v2")
    result = solve(doc([b], [helper(id="v1", skills=["math"]), helper(id="v2", lat=27.33, skills=["art"])]))
    (a,) = result.assignments
    assert a.volunteer == "v2"
    assert a.explain["continuity"] is True
    assert a.explain["shared_skills"] == ["art"]


def test_unknown_method_is_refused():
    with pytest.raises(ValueError, match="method must be one of"):
        solve(doc([child()], [helper()]), method="magic")


def test_empty_instance():
    result = solve(doc([], []))
    assert result.objective == 0 and not result.assignments and not result.unassigned
