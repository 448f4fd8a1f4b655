"""A short-lived cache of expensive aggregates per area: the same figures for everyone who sees the same area.

A county dashboard sums the whole county on every visit (the overdue visits alone are a query over every
person); dozens of coordinators of the same area signed in at once would each pay for it. Figures are kept
per process for ``GUANAI_AREA_CACHE_SECONDS`` (default 60; 0 turns it off), keyed by what decides the scope
(role, place, group) and the language; only plain values (numbers, strings, lists, dicts) are kept, never
rows bound to a session.
"""
from __future__ import annotations

import threading
import time
from typing import Any, Callable

from flask import current_app
from flask_babel import get_locale

_store: dict[tuple, tuple[float, Any]] = {}
_lock = threading.Lock()
PLAIN = (str, int, float, bool, type(None))


def area_key(user) -> tuple:
    """What decides what ``user`` sees: their role, place and group (and the language figures are named in)."""
    return (getattr(user, "role", None), getattr(user, "place_id", None), getattr(user, "group", None),
            str(get_locale()))


def is_plain(value: Any) -> bool:
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, (list, tuple)):
        return all(is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, PLAIN) or is_plain(k) for k in value) and all(is_plain(v) for v in value.values())
    return False


def cached_for_area(name: str, user, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its value from the last ``GUANAI_AREA_CACHE_SECONDS`` for the same area."""
    ttl = current_app.config.get("GUANAI_AREA_CACHE_SECONDS", 60)
    if not ttl or (current_app.testing and not current_app.config.get("GUANAI_AREA_CACHE_IN_TESTS")):
        return compute()
    key, now = (current_app.import_name, name, *area_key(user)), time.monotonic()
    with _lock:
        hit = _store.get(key)
    if hit is not None and hit[0] > now:
        return hit[1]
    value = compute()
    if is_plain(value):
        with _lock:
            _store[key] = (now + ttl, value)
    return value


def clear() -> None:
    with _lock:
        _store.clear()
