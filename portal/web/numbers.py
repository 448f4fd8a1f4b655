"""Whole numbers from URLs and query strings, bounded to what a database id can be.

An id or page of 2^64 or more passes ``int()`` but overflows PostgreSQL's integer columns (a 500); a "²"
passes ``isdigit()``. Every ``<int:...>`` in a route and every numeric query argument is read here: too
large, negative or not plain ASCII digits is a 404 (a path) or treated as absent (a query argument).
"""
from __future__ import annotations

from flask import Flask, request
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


def parse_id(raw: str | None) -> int | None:
    """A plain ASCII whole number in 1..MAX_ID, or None."""
    if raw is None or not raw.isascii() or not raw.isdecimal() or len(raw) > 10:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def id_arg(name: str) -> int | None:
    """A query argument holding an id, or None when it is missing or odd."""
    return parse_id(request.args.get(name))
