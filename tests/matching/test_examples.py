"""The shared examples reach their known optima with every solver variant, and stay feasible."""
import json

import pytest

from matching import solve

from .conftest import EXAMPLES
from .reference import check_result

EXPECTED = json.loads((EXAMPLES / "EXPECTED.json").read_text())


@pytest.mark.parametrize("rows", ["auto", "units", "slots"])
@pytest.mark.parametrize("method", ["auto", "sparse", "dense"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_reaches_known_optimum(example, name, method, rows):
    doc = example(name)
    result = solve(doc, method=method, rows=rows)
    assert result.objective == pytest.approx(EXPECTED[name], abs=1e-5)
    assert check_result(doc, result) == pytest.approx(result.objective, abs=1e-6)


def test_result_json_has_the_documented_shape(example):
    out = json.loads(solve(example("tiny.json")).to_json())
    assert out["format"] == "guanai-matching-result/1"
    assert set(out) >= {"objective", "assignments", "unassigned", "stats"}
    first = out["assignments"][0]
    assert set(first) == {"beneficiary", "volunteer", "distance_km", "explain"}
    assert {"distance", "shared_skills", "continuity"} <= set(first["explain"])
    assert out["unassigned"][0]["reason"] in {"no_eligible_volunteer", "capacity"}


def test_an_instance_writes_back_to_the_same_document(example):
    from matching import load_instance
    instance = load_instance(example("locks-and-forbidden.json"))
    again = load_instance(instance.to_dict())
    assert again == instance
    assert solve(again).objective == pytest.approx(EXPECTED["locks-and-forbidden.json"], abs=1e-5)


def test_a_result_reads_back_from_its_json(example):
    from matching import Result
    result = solve(example("households-and-girls.json"))
    again = Result.from_dict(json.loads(result.to_json()))
    assert again.to_dict() == result.to_dict()
    assert again.volunteer_of() == result.volunteer_of()
    assert again.unassigned == result.unassigned
    assert again.objective == pytest.approx(result.objective, abs=1e-6)


@pytest.mark.parametrize("doc", [None, {"format": "guanai-matching/1"},
                                 {"format": "guanai-matching-result/1", "objective": 1.0}])
def test_what_is_not_a_result_is_refused(doc):
    from matching import Result
    with pytest.raises(ValueError, match="result"):
        Result.from_dict(doc)


def test_the_portals_surplus_county_reaches_its_optimum(example):
    # issue 13: 8,102 women, 10,581 volunteers with 21,298 places, 15 km; OR-Tools' min-cost flow's optimum.
    doc = example("surplus-county.json")
    result = solve(doc)
    assert result.stats["rows"] == "units"
    assert result.objective == pytest.approx(-42703.150242, abs=1e-6 * len(doc["beneficiaries"]))
    assert len(result.assignments) + len(result.unassigned) == len(doc["beneficiaries"])
