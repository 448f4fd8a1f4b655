"""Whole numbers from URLs, query strings and forms: the one reader for every id and count a request carries.

An id of 2^64 or more passes ``int()`` but overflows PostgreSQL's integer columns and SQLite's (a 500); a "²"
passes ``isdigit()`` but not ``int()``. Every ``<int:...>`` in a route is bounded (too large is no route, a
404), and every numeric query argument or form field is read here: missing or empty is None; anything but
plain ASCII digits in range is a 400 that names the field (issue 26). ``tests/web/test_numbers.py`` fails on
a view that reads a number from the request another way.
"""
from __future__ import annotations

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

#: The largest id a row can have: PostgreSQL's ``integer``.
MAX_ID = 2**31 - 1


class BoundedInt(IntegerConverter):
    """``<int:...>`` that matches only 0..MAX_ID; anything else is no route, so a 404."""

    def __init__(self, map, fixed_digits=0, min=None, max=MAX_ID, signed=False):  # noqa: A002
        super().__init__(map, fixed_digits=fixed_digits, min=min, max=max, signed=signed)


def install_converters(app: Flask) -> None:
    """Make ``<int:...>`` bounded in every route registered afterwards."""
    app.url_map.converters["int"] = BoundedInt


def parse_int(raw: str | None, low: int, high: int) -> int | None:
    """Plain ASCII digits (no sign, no space) making a number in low..high, or None."""
    if raw is None or not raw.isascii() or not raw.isdecimal() or len(raw) > len(str(high)):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def parse_id(raw: str | None) -> int | None:
    """A plain ASCII whole number in 1..MAX_ID, or None."""
    return parse_int(raw, 1, MAX_ID)


def _values(source: MultiDict | None) -> MultiDict:
    return request.values if source is None else source


class BadNumber(BadRequest, ValueError):
    """A number field that is not a number in range: a 400 page naming the field, unless the view catches it
    (as a ValueError, like its other checks) to show the message in its own form."""

    def __init__(self, name: str):
        self.field = name
        super().__init__(_("%(name)s: this is not a valid number.", name=name))

    def __str__(self) -> str:
        return str(self.description)


def _refuse(name: str):
    raise BadNumber(name)


def int_value(name: str, low: int, high: int, source: MultiDict | None = None) -> int | None:
    """The whole number ``name`` in low..high from ``source`` (default: the query string and the form), None
    when it is missing or empty; a 400 naming the field when it is anything else."""
    raw = _values(source).get(name)
    if raw is None or raw.strip() == "":
        return None
    value = parse_int(raw.strip(), low, high)
    if value is None:
        _refuse(name)
    return value


def decimal_value(name: str, low: float, high: float, source: MultiDict | None = None) -> float | None:
    """A number with an optional decimal part (``1.5``: plain ASCII digits and one point) in low..high from
    ``source``, None when missing or empty; a 400 naming the field when it is anything else."""
    raw = (_values(source).get(name) or "").strip()
    if not raw:
        return None
    whole, _point, part = raw.partition(".")
    if not (whole or part) or len(raw) > 15 or any(p and not (p.isascii() and p.isdecimal()) for p in (whole, part)):
        _refuse(name)
    value = float(raw)
    if not low <= value <= high:
        _refuse(name)
    return value


def id_value(name: str, source: MultiDict | None = None) -> int | None:
    """The id ``name`` from ``source`` (default: the query string and the form); None when missing or empty,
    a 400 naming the field when it is not an id."""
    return int_value(name, 1, MAX_ID, source)


def id_arg(name: str) -> int | None:
    """An id from the query string (see ``id_value``)."""
    return id_value(name, request.args)


def id_field(name: str) -> int | None:
    """An id from the posted form (see ``id_value``)."""
    return id_value(name, request.form)


def id_list(name: str, source: MultiDict | None = None) -> list[int]:
    """Every id given as ``name`` (checkboxes); a 400 naming the field when one is not an id."""
    found = []
    for raw in _values(source).getlist(name):
        value = parse_id(raw.strip())
        if value is None:
            _refuse(name)
        found.append(value)
    return found
