"""SQL pieces the databases write differently, so that features keep their aggregates portable."""
from __future__ import annotations

from sqlalchemy import Date, DateTime
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class shifted(FunctionElement):
    """A stored (UTC) time moved by a number of minutes (a number or an expression), in each database's words."""

    type = DateTime()
    inherit_cache = True


def _plus_minutes(element, compiler, dialect: str, **kw) -> str:
    """The SQL of a stored time plus a number of minutes (the element's two clauses), as a timestamp."""
    moment, minutes = (compiler.process(clause, **kw) for clause in element.clauses)
    if dialect == "sqlite":  # parenthesised: in SQLite || binds tighter than * and +
        return f"datetime({moment}, ({minutes}) || ' minutes')"
    return f"({moment} + make_interval(mins => CAST(({minutes}) AS INTEGER)))"


@compiles(shifted, "sqlite")
def _shifted_sqlite(element, compiler, **kw):
    return _plus_minutes(element, compiler, "sqlite", **kw)


@compiles(shifted, "postgresql")
def _shifted_postgresql(element, compiler, **kw):
    return _plus_minutes(element, compiler, "postgresql", **kw)


class day_of(FunctionElement):
    """The calendar day of a stored time (or a date) moved by a number of minutes: a ``Date`` on both databases.

    With the zone's UTC offset added, it is the local day of a stored (UTC) time; with whole days more, a due
    date, so that lists can be sorted by it in SQL.
    """

    type = Date()
    inherit_cache = True


@compiles(day_of, "sqlite")
def _day_of_sqlite(element, compiler, **kw):
    return f"date({_plus_minutes(element, compiler, 'sqlite', **kw)})"


@compiles(day_of, "postgresql")
def _day_of_postgresql(element, compiler, **kw):
    return f"CAST({_plus_minutes(element, compiler, 'postgresql', **kw)} AS DATE)"
