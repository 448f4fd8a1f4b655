"""Fixtures for the matching tests: the shared examples (copied from shared/examples) that fix the contract."""
import json
import pathlib

import pytest

EXAMPLES = pathlib.Path(__file__).parent / "examples"


@pytest.fixture
def example():
    """Load an example instance document by file name."""
    def load(name):
        return json.loads((EXAMPLES / name).read_text(encoding="utf-8"))
    return load
