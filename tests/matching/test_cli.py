"""`python -m matching solve` writes the documented result and exits 0."""
import json
import subprocess
import sys

import pytest

from .conftest import EXAMPLES


def test_solve_to_file(tmp_path):
    out = tmp_path / "result.json"
    run = subprocess.run([sys.executable, "-m", "matching", "solve", str(EXAMPLES / "township.json"), "-o", str(out)],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    result = json.loads(out.read_text())
    assert result["objective"] == pytest.approx(3357.203116, abs=1e-5)
    assert len(result["assignments"]) + len(result["unassigned"]) == 400


def test_invalid_example_exits_2():
    run = subprocess.run([sys.executable, "-m", "matching", "solve", str(EXAMPLES / "invalid-fields.json")],
                         capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stdout == ""
    assert len(run.stderr.strip().splitlines()) == 5


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "matching", "solve", *map(str, args)], capture_output=True, text=True)


def refused(run) -> list[str]:
    """The problem lines of a run that must exit 2 with one line per problem and no traceback."""
    assert run.returncode == 2, run.stderr
    assert run.stdout == ""
    assert "Traceback" not in run.stderr
    return run.stderr.strip().splitlines()


def write(tmp_path, text: str):
    path = tmp_path / "instance.json"
    path.write_text(text, encoding="utf-8")
    return path


def test_json_nested_100000_deep_is_one_problem(tmp_path):
    (line,) = refused(run_cli(write(tmp_path, "[" * 100_000 + "]" * 100_000)))
    assert line == "(file): not valid JSON: nested too deeply"


def test_an_integer_of_5000_digits_is_one_problem(tmp_path):
    doc = json.loads((EXAMPLES / "tiny.json").read_text())
    text = json.dumps(doc).replace('"capacity": 2', '"capacity": ' + "9" * 5000, 1)
    (line,) = refused(run_cli(write(tmp_path, text)))
    assert line.startswith("(file): not valid JSON: Exceeds the limit")


@pytest.mark.parametrize(("field", "value", "problem"), [
    ("capacity", 10 ** 30, "volunteers[0].capacity: must be an integer <= 1000000"),
    ("max_km", 10 ** 30, "volunteers[0].max_km: must be a number <= 20016"),
    ("lat", 10 ** 4000, "volunteers[0].lat: must be a number in [-90, 90]"),
])
def test_numbers_of_10_to_the_30_are_one_problem(tmp_path, field, value, problem):
    doc = json.loads((EXAMPLES / "tiny.json").read_text())
    doc["volunteers"][0][field] = value
    assert refused(run_cli(write(tmp_path, json.dumps(doc)))) == [problem]


@pytest.mark.parametrize(("key", "value", "wanted"), [
    ("per_km", 1e308, "must be a number in [-1000000, 1000000]"),
    ("continuity", -1e30, "must be a number in [-1000000, 1000000]"),
    ("per_extra_slot", 1e30, "must be a number <= 1000000"),
])
def test_a_weight_too_large_to_compute_exactly_is_refused(tmp_path, key, value, wanted):
    doc = json.loads((EXAMPLES / "tiny.json").read_text())
    doc.setdefault("weights", {})[key] = value
    assert refused(run_cli(write(tmp_path, json.dumps(doc)))) == [f"weights.{key}: {wanted}"]


def test_output_into_a_missing_folder_is_one_problem(tmp_path):
    out = tmp_path / "missing" / "result.json"
    (line,) = refused(run_cli(EXAMPLES / "tiny.json", "-o", out))
    assert line == f"-o {out}: the folder {out.parent} does not exist"
