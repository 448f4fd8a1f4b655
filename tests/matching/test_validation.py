"""Every invalid instance is refused with one line per problem, naming the field."""
import json

import pytest

from matching import InstanceError, load_instance
from matching._cli import main


def problems(doc):
    with pytest.raises(InstanceError) as info:
        load_instance(doc)
    return info.value.problems


def test_invalid_fields_example_lists_every_problem(example):
    assert problems(example("invalid-fields.json")) == [
        'beneficiaries[1].id: "c1" is already used by beneficiaries[0]',
        "beneficiaries[0].lat: must be a number in [-90, 90]",
        'beneficiaries[1].gender: must be "F" or "M"',
        "beneficiaries[1].age: must be an integer >= 0",
        "volunteers[0].capacity: must be an integer >= 0",
    ]


def test_invalid_lock_example(example):
    (line,) = problems(example("invalid-lock.json"))
    assert line.startswith("locked[0]: c1 -> v1 breaks the female-helper rule")


BASE = {"format": "guanai-matching/1",
        "beneficiaries": [{"id": "c1", "lat": 27.3, "lon": 111.8, "gender": "M", "age": 9, "priority": 1}],
        "volunteers": [{"id": "v1", "lat": 27.3, "lon": 111.8, "gender": "F", "capacity": 1,
                        "background_checked": True}]}


def with_(**changes):
    doc = json.loads(json.dumps(BASE))
    doc.update(changes)
    return doc


@pytest.mark.parametrize("doc, expected", [
    (with_(format="x"), 'format: must be "guanai-matching/1"'),
    (with_(beneficiaries={}), "beneficiaries: must be a list"),
    (with_(rules={"max_km": -1}), "rules.max_km: must be a number > 0"),
    (with_(rules={"maxkm": 3}), "rules.maxkm: is not a known key"),
    (with_(rules={"require_background_check": "yes"}), "rules.require_background_check: must be true or false"),
    (with_(weights={"per_extra_slot": -1}), "weights.per_extra_slot: must be a number >= 0"),
    (with_(weights={"unassigned": {"0": 5}}), "weights.unassigned.0: the key must be a priority from 1 to 9"),
    (with_(weights={"per_km": "1"}), "weights.per_km: must be a number"),
    (with_(locked=[["c9", "v1"]]), 'locked[0][0]: unknown beneficiary "c9"'),
    (with_(forbidden=[["c1", "v9"]]), 'forbidden[0][1]: unknown volunteer "v9"'),
    (with_(forbidden=[["c1"]]), "forbidden[0]: must be a pair [beneficiary id, volunteer id]"),
])
def test_document_level_problems(doc, expected):
    assert expected in problems(doc)


@pytest.mark.parametrize("field, value, expected", [
    ("priority", 0, "beneficiaries[0].priority: must be an integer from 1 to 9"),
    ("age", 9.5, "beneficiaries[0].age: must be an integer >= 0"),
    ("lon", 200, "beneficiaries[0].lon: must be a number in [-180, 180]"),
    ("id", 7, "beneficiaries[0].id: must be a non-empty string"),
    ("needs", "math", "beneficiaries[0].needs: must be a list of strings"),
    ("current_volunteer", "v9", 'beneficiaries[0].current_volunteer: unknown volunteer "v9"'),
    ("lat", True, "beneficiaries[0].lat: must be a number in [-90, 90]"),
])
def test_beneficiary_field_problems(field, value, expected):
    doc = with_()
    doc["beneficiaries"][0][field] = value
    assert expected in problems(doc)


@pytest.mark.parametrize("field, value, expected", [
    ("max_km", 0, "volunteers[0].max_km: must be a number > 0"),
    ("capacity", "2", "volunteers[0].capacity: must be an integer >= 0"),
    ("background_checked", 1, "volunteers[0].background_checked: must be true or false"),
    ("skills", [1], "volunteers[0].skills: must be a list of strings"),
])
def test_volunteer_field_problems(field, value, expected):
    doc = with_()
    doc["volunteers"][0][field] = value
    assert expected in problems(doc)


def test_missing_fields_are_named():
    doc = with_()
    del doc["beneficiaries"][0]["lat"]
    del doc["volunteers"][0]["capacity"]
    assert problems(doc) == ["beneficiaries[0].lat: is required", "volunteers[0].capacity: is required"]


def test_lock_beyond_distance_and_over_capacity():
    doc = with_(locked=[["c1", "v1"], ["c2", "v1"]])
    doc["beneficiaries"].append({"id": "c2", "lat": 27.6, "lon": 111.8, "gender": "M", "age": 9, "priority": 1})
    lines = problems(doc)
    assert any(line.startswith("locked[1]: c2 -> v1 is 33.4 km apart, beyond rules.max_km") for line in lines)
    assert "locked: volunteer v1 has 2 locked units but capacity 1" in lines


def test_household_locked_to_two_volunteers():
    doc = with_(locked=[["c1", "v1"], ["c2", "v2"]])
    doc["beneficiaries"][0]["household"] = "h"
    doc["beneficiaries"].append(dict(doc["beneficiaries"][0], id="c2"))
    doc["volunteers"].append(dict(doc["volunteers"][0], id="v2"))
    assert problems(doc)[0].startswith("locked[1]: c2 -> v2 conflicts with locked[0]")


def test_lock_of_a_forbidden_pair():
    assert problems(with_(locked=[["c1", "v1"]], forbidden=[["c1", "v1"]])) == [
        "locked[0]: c1 -> v1 is also forbidden"]


def test_cli_exits_2_with_one_line_per_problem(tmp_path, capsys):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(with_(rules={"max_km": 0}, volunteers=[dict(BASE["volunteers"][0], capacity=-1)])))
    assert main(["solve", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ["rules.max_km: must be a number > 0", "volunteers[0].capacity: must be an integer >= 0"]


def test_cli_reports_malformed_json(tmp_path, capsys):
    path = tmp_path / "broken.json"
    path.write_text('{"format": ')
    assert main(["solve", str(path)]) == 2
    assert capsys.readouterr().err.startswith("(file): not valid JSON at line 1")


def test_cli_rejects_a_non_object(tmp_path, capsys):
    path = tmp_path / "list.json"
    path.write_text("[]")
    assert main(["solve", str(path)]) == 2
    assert capsys.readouterr().err.strip() == "(document): must be a JSON object"
