"""Short-lived values per area: the same figures, totals and pickers for everyone who sees the same area.

A county dashboard sums the whole county on every visit, and a county's ledger page counted every person of
the group on every view; dozens of coordinators of the same area signed in at once would each pay for it.
Values are kept per process for ``GUANAI_AREA_CACHE_SECONDS`` (default 60; 0 turns it off), keyed by what
decides the scope (role, place, group), the language and what was asked. A value may name the tables it was
read from: it is forgotten as soon as this process writes to one of them (``forget``; the session's writes
are watched by ``portal.web.kept``, bulk rows by ``portal.core.bulk``). Only plain values are kept, never
ORM objects bound to a session.
"""
from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import current_app
from flask_babel import get_locale
from sqlalchemy import Row

_store: dict[tuple, tuple[float, frozenset[str], Any]] = {}
_lock = threading.Lock()
PLAIN = (str, int, float, bool, type(None))


def area_key(user) -> tuple:
    """What decides what ``user`` sees: their role, place and group (and the language figures are named in)."""
    return (getattr(user, "role", None), getattr(user, "place_id", None), getattr(user, "group", None),
            str(get_locale()))


def is_plain(value: Any) -> bool:
    if isinstance(value, PLAIN):
        return True
    if isinstance(value, (list, tuple, Row)):  # a Core row of columns is plain values, bound to no session
        return all(is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, PLAIN) or is_plain(k) for k in value) and all(is_plain(v) for v in value.values())
    return False


def _lifetime() -> int:
    if current_app.testing and not current_app.config.get("GUANAI_AREA_CACHE_IN_TESTS"):
        return 0
    return current_app.config.get("GUANAI_AREA_CACHE_SECONDS", 60)


def kept(what: tuple, user, tables: Iterable[str], compute: Callable[[], Any]) -> Any:
    """``compute()``, or its value for the same ``what`` and area from the last lifetime; ``tables`` are those
    it reads (forgotten on a write to any of them). A value that is not plain is returned, not kept."""
    ttl = _lifetime()
    if not ttl:
        return compute()
    key, now = (current_app.import_name, *what, *area_key(user)), time.monotonic()
    with _lock:
        hit = _store.get(key)
    if hit is not None and hit[0] > now:
        return hit[2]
    value = compute()
    if is_plain(value):
        with _lock:
            _store[key] = (now + ttl, frozenset(tables), value)
    return value


def cached_for_area(name: str, user, compute: Callable[[], Any]) -> Any:
    """``compute()``, or its value from the last ``GUANAI_AREA_CACHE_SECONDS`` for the same area."""
    return kept((name,), user, (), compute)


#: Called with the tables of every :func:`forget` (a store shared by processes notes them for its commit).
watchers: list[Callable[[set[str]], None]] = []


def forget(tables: set[str]) -> None:
    """Forget what was read from any of ``tables``."""
    for watcher in watchers:
        watcher(tables)
    if not tables or not _store:
        return
    with _lock:
        for key in [k for k, (_t, read, _v) in _store.items() if read & tables]:
            del _store[key]


def clear() -> None:
    with _lock:
        _store.clear()
