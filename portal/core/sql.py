"""SQL pieces the databases write differently, so that features keep their aggregates portable."""
from __future__ import annotations

from sqlalchemy import DateTime
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
