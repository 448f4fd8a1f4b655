"""SQL pieces the databases write differently, so that features keep their aggregates portable."""
from __future__ import annotations

import sqlite3
from functools import lru_cache

from sqlalchemy import Date, DateTime, Integer, String, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


class by_pinyin(FunctionElement):
    """A name column in the order Chinese readers expect: by pinyin (李 before 王 before 张), not by code point
    (issue 27, "Lists sort names by pinyin"). PostgreSQL compares with its ICU collation ``zh-x-icu`` (an
    index with that collation serves the ledger list, migration core_0008); SQLite with the collation
    ``pinyin`` every connection gets (pypinyin), for use in ORDER BY only."""

    type = String()
    inherit_cache = True


@compiles(by_pinyin)
def _by_pinyin_plain(element, compiler, **kw):
    return compiler.process(element.clauses, **kw)


@compiles(by_pinyin, "postgresql")
def _by_pinyin_postgresql(element, compiler, **kw):
    return f'({compiler.process(element.clauses, **kw)}) COLLATE "zh-x-icu"'


@compiles(by_pinyin, "sqlite")
def _by_pinyin_sqlite(element, compiler, **kw):
    return f"({compiler.process(element.clauses, **kw)}) COLLATE pinyin"


@lru_cache(maxsize=100_000)
def pinyin_key(text: str) -> tuple:
    """A name's sort key: its syllables (tones by number), then the text itself to break ties."""
    try:
        from pypinyin import Style, lazy_pinyin
    except ImportError:  # without pypinyin, code point order
        return (text,)
    return (lazy_pinyin(text, style=Style.TONE3, errors="default"), text)


def _compare_pinyin(a: str, b: str) -> int:
    ka, kb = pinyin_key(a or ""), pinyin_key(b or "")
    return (ka > kb) - (ka < kb)


@event.listens_for(Engine, "connect")
def _register_pinyin(dbapi_connection, _record) -> None:
    """Every SQLite connection knows the collation ``pinyin``."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.create_collation("pinyin", _compare_pinyin)


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


class days_between(FunctionElement):
    """Whole days from the second date to the first, in each database's words."""

    type = Integer()
    inherit_cache = True


@compiles(days_between, "sqlite")
def _days_sqlite(element, compiler, **kw):
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({a}) - julianday({b}) AS INTEGER)"


@compiles(days_between, "postgresql")
def _days_postgresql(element, compiler, **kw):
    a, b = (compiler.process(c, **kw) for c in element.clauses)
    return f"(CAST({a} AS DATE) - CAST({b} AS DATE))"


class months_after(FunctionElement):
    """A date moved by a whole number of months (a number or an expression): a ``Date`` on both databases.

    Past a month's end the day rolls over as each database does it (SQLite: 31 August + 6 months is 3 March;
    PostgreSQL: the last day of February); a due date a day or two later does not matter to a six-month rule.
    """

    type = Date()
    inherit_cache = True


class plus_years(FunctionElement):
    """A date moved by a whole number of years (an expression): a ``Date`` on both databases (29 February moves to
    1 March on SQLite and to 28 February on PostgreSQL)."""

    type = Date()
    inherit_cache = True


def _moved_by(unit: str):
    """The two dialects' compilers of a function moving a date by a whole number of ``unit`` (months, years)."""
    def sqlite(element, compiler, **kw):
        day, n = (compiler.process(clause, **kw) for clause in element.clauses)
        return f"date({day}, ({n}) || ' {unit}')"

    def postgresql(element, compiler, **kw):
        day, n = (compiler.process(clause, **kw) for clause in element.clauses)
        return f"CAST({day} + make_interval({unit} => CAST(({n}) AS INTEGER)) AS DATE)"
    return sqlite, postgresql


for _function, _unit in ((months_after, "months"), (plus_years, "years")):
    _sqlite, _postgresql = _moved_by(_unit)
    compiles(_function, "sqlite")(_sqlite)
    compiles(_function, "postgresql")(_postgresql)


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
