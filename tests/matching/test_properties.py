"""Property tests: on small random instances the engine's objective equals a brute-force optimum."""
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from matching import InstanceError, load_instance, solve

from .reference import brute_force, check_result

coords = st.tuples(st.floats(27.25, 27.35), st.floats(111.75, 111.85))


SHAPES = ("any", "surplus", "negative")


@st.composite
def instances(draw, shape=None):
    """Small instances; a ``surplus`` one has more places than people, a ``negative`` one skill and
    continuity bonuses larger than its distances cost."""
    shape = shape or draw(st.sampled_from(SHAPES))
    n_b = draw(st.integers(1, 4 if shape == "surplus" else 6))
    n_v = draw(st.integers(2, 4) if shape == "surplus" else st.integers(1, 3))
    vids = [f"v{j}" for j in range(n_v)]
    beneficiaries = []
    for i in range(n_b):
        lat, lon = draw(coords)
        b = {"id": f"b{i}", "lat": lat, "lon": lon, "gender": draw(st.sampled_from("FM")),
             "age": draw(st.integers(0, 15)), "priority": draw(st.integers(1, 7)),
             "needs": draw(st.lists(st.sampled_from(["math", "reading", "care"]), unique=True, max_size=2))}
        household = draw(st.sampled_from([None, "h1", "h2"]))
        if household:
            b["household"] = household
        current = draw(st.sampled_from([None] + vids))
        if current:
            b["current_volunteer"] = current
        beneficiaries.append(b)
    volunteers = []
    for j in range(n_v):
        lat, lon = draw(coords)
        v = {"id": vids[j], "lat": lat, "lon": lon, "gender": draw(st.sampled_from("FM")),
             "capacity": draw(st.integers(2, 3) if shape == "surplus" else st.integers(0, 3)),
             "background_checked": draw(st.booleans()),
             "skills": draw(st.lists(st.sampled_from(["math", "reading", "care"]), unique=True, max_size=2))}
        if draw(st.booleans()):
            v["max_km"] = draw(st.floats(2, 12))
        volunteers.append(v)
    pair = st.tuples(st.sampled_from([b["id"] for b in beneficiaries]), st.sampled_from(vids)).map(list)
    return {
        "format": "guanai-matching/1",
        "rules": {"max_km": draw(st.floats(3, 15)),
                  "female_helper_for_girls_from_age": draw(st.sampled_from([None, 8, 12])),
                  "require_background_check": draw(st.booleans()),
                  "household_together": draw(st.booleans())},
        "weights": {"per_km": draw(st.floats(0, 1) if shape == "negative" else st.floats(0, 3)),
                    "per_shared_skill": draw(st.floats(-30, -10) if shape == "negative" else st.floats(-5, 1)),
                    "continuity": draw(st.floats(-60, -20) if shape == "negative" else st.floats(-20, 0)),
                    "per_extra_slot": draw(st.floats(0, 5)),
                    "unassigned": {str(p): draw(st.floats(0, 60)) for p in range(1, 7)}},
        "beneficiaries": beneficiaries,
        "volunteers": volunteers,
        "locked": draw(st.lists(pair, max_size=1)),
        "forbidden": draw(st.lists(pair, max_size=2)),
    }


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=instances(), method=st.sampled_from(["sparse", "dense"]), rows=st.sampled_from(["auto", "units", "slots"]))
def test_objective_equals_brute_force(doc, method, rows):
    try:
        load_instance(doc)
    except InstanceError:
        assume(False)  # an invalid lock; the validation tests cover those
    result = solve(doc, method=method, rows=rows)
    assert result.objective == pytest.approx(brute_force(doc), abs=1e-6)
    assert check_result(doc, result) == pytest.approx(result.objective, abs=1e-6)
