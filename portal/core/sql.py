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


class months_after(FunctionElement):
    """A date moved by a whole number of months (a number or an expression): a ``Date`` on both databases.

    Past a month's end the day rolls over as each database does it (SQLite: 31 August + 6 months is 3 March;
    PostgreSQL: the last day of February); a due date a day or two later does not matter to a six-month rule.
    """

    type = Date()
    inherit_cache = True


@compiles(months_after, "sqlite")
def _months_after_sqlite(element, compiler, **kw):
    day, months = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"date({day}, ({months}) || ' months')"


@compiles(months_after, "postgresql")
def _months_after_postgresql(element, compiler, **kw):
    day, months = (compiler.process(clause, **kw) for clause in element.clauses)
    return f"CAST({day} + make_interval(months => CAST(({months}) AS INTEGER)) AS DATE)"


class anniversary(FunctionElement):
    """The day a date (a birthday) comes round in a given year: a ``Date``; 29 February is 1 March in other years."""

    type = Date()
    inherit_cache = True


@compiles(anniversary, "sqlite")
def _anniversary_sqlite(element, compiler, **kw):
    day, year = (compiler.process(clause, **kw) for clause in element.clauses)
    return (f"date(printf('%04d', {year}) || strftime('-%m-01', {day}), "
            f"(CAST(strftime('%d', {day}) AS INTEGER) - 1) || ' days')")


@compiles(anniversary, "postgresql")
def _anniversary_postgresql(element, compiler, **kw):
    day, year = (compiler.process(clause, **kw) for clause in element.clauses)
    return (f"(make_date(CAST({year} AS INTEGER), CAST(EXTRACT(MONTH FROM {day}) AS INTEGER), 1) "
            f"+ CAST(EXTRACT(DAY FROM {day}) AS INTEGER) - 1)")
