"""The examples in the engine's docstrings run and give what they show."""
import doctest
import importlib
import pkgutil

import pytest

import matching

MODULES = sorted(f"matching.{m.name}" for m in pkgutil.iter_modules(matching.__path__) if m.name != "__main__")


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_of_each_module_hold(name):
    failed, _ = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert failed == 0
