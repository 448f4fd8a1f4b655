"""The engine's memory setting: large arrays reused while solving, glibc's thresholds back afterwards."""
from __future__ import annotations

import numpy as np

from matching import _memory
from matching._memory import GLIBC_DEFAULT, SOLVING_THRESHOLD, reused_memory


class FakeLibc:
    """Records mallopt and malloc_trim calls."""

    def __init__(self):
        self.calls = []

    def mallopt(self, option, value):
        self.calls.append(("mallopt", option, value))
        return 1

    def malloc_trim(self, pad):
        self.calls.append(("trim", pad))
        return 1


def test_thresholds_raised_inside_and_restored_with_a_trim_after(monkeypatch):
    libc = FakeLibc()
    monkeypatch.setattr(_memory, "_LIBC", libc)
    with reused_memory():
        assert libc.calls == [("mallopt", _memory.M_MMAP_THRESHOLD, SOLVING_THRESHOLD),
                              ("mallopt", _memory.M_TRIM_THRESHOLD, SOLVING_THRESHOLD)]
    assert libc.calls[2:] == [("mallopt", _memory.M_MMAP_THRESHOLD, GLIBC_DEFAULT),
                              ("mallopt", _memory.M_TRIM_THRESHOLD, GLIBC_DEFAULT), ("trim", 0)]


def test_nested_uses_restore_once_when_the_last_leaves(monkeypatch):
    libc = FakeLibc()
    monkeypatch.setattr(_memory, "_LIBC", libc)
    with reused_memory():
        with reused_memory():
            pass
        assert [c for c in libc.calls if c[0] == "trim"] == []
    assert [c for c in libc.calls if c[0] == "trim"] == [("trim", 0)]
    assert len(libc.calls) == 5


def test_restored_after_an_error(monkeypatch):
    libc = FakeLibc()
    monkeypatch.setattr(_memory, "_LIBC", libc)
    try:
        with reused_memory():
            raise ValueError("boom")
    except ValueError:
        pass
    assert libc.calls[-1] == ("trim", 0)
    assert _memory._active == 0


def test_without_glibc_it_does_nothing(monkeypatch):
    monkeypatch.setattr(_memory, "_LIBC", None)
    with reused_memory():
        assert np.ones(3).sum() == 3
