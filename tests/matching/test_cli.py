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
