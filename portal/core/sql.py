"""SQL pieces the databases write differently, so that features keep their aggregates portable."""
from __future__ import annotations

from sqlalchemy import Date, DateTime
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class shifted(FunctionElement):
    """A stored (UTC) time moved by a number of minutes (a number or an expression), in each database's words."""

    type = DateTime()
    inherit_cache = True


@compiles(shifted, "sqlite")
def _shifted_sqlite(element, compiler, **kw):
    moment, minutes = element.clauses
    # Parenthesised: in SQLite || binds tighter than * and +.
    return f"datetime({compiler.process(moment, **kw)}, ({compiler.process(minutes, **kw)}) || ' minutes')"


@compiles(shifted, "postgresql")
def _shifted_postgresql(element, compiler, **kw):
    moment, minutes = element.clauses
    return f"({compiler.process(moment, **kw)} + make_interval(mins => ({compiler.process(minutes, **kw)})))"


class day_of(FunctionElement):
    """The calendar day of a stored time (or a date) moved by a number of minutes: a ``Date`` on both databases.

    With the zone's UTC offset added, it is the local day of a stored (UTC) time; with whole days more, a due
    date, so that lists can be sorted by it in SQL.
    """

    type = Date()
    inherit_cache = True


@compiles(day_of, "sqlite")
def _day_of_sqlite(element, compiler, **kw):
    moment, minutes = element.clauses
    return f"date({compiler.process(moment, **kw)}, ({compiler.process(minutes, **kw)}) || ' minutes')"


@compiles(day_of, "postgresql")
def _day_of_postgresql(element, compiler, **kw):
    moment, minutes = element.clauses
    return (f"CAST(({compiler.process(moment, **kw)} + make_interval(mins => CAST(({compiler.process(minutes, **kw)}) "
            f"AS INTEGER))) AS DATE)")
