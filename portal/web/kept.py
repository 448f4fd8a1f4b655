"""What a page reads often and changes seldom, kept per area for a short time (``portal.core.cache``): a
pager's total, a picker's places. Counting a county's ledger on every page view was the most expensive statement of a list page
(issue 21), and the total changes far less often than it is read.

A value is kept per process for ``GUANAI_AREA_CACHE_SECONDS`` (as the dashboard's figures), keyed by what
decides the scope (``portal.core.cache.area_key``) and by what was asked, and forgotten as soon as this
process writes to one of the tables it was read from (``forget_written``). Another process's write shows
within the lifetime; the rows of a page are always read fresh, and the pager corrects a total that they
contradict (``portal.web.pagination``).
"""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Select, event
from sqlalchemy.orm import Session
from sqlalchemy.sql.util import find_tables

from ..core.cache import clear, forget, kept  # noqa: F401 (the store itself lives in core; pages call it here)


def tables_of(stmt: Select) -> frozenset[str]:
    """The names of every table ``stmt`` reads, its subqueries' included (a scope's places)."""
    return frozenset(t.name for t in find_tables(stmt, include_joins=True, include_selects=True)
                     if getattr(t, "name", None))


def counted(stmt: Select, user, count: Callable[[], int]) -> int:
    """``count()`` of ``stmt``, or the total counted for the same statement and area in the last lifetime."""
    compiled = stmt.compile()
    return kept(("count", str(compiled), repr(sorted(compiled.params.items()))), user, tables_of(stmt), count)


@event.listens_for(Session, "after_flush")
def forget_written(session: Session, _context) -> None:
    """A row added, changed or removed here: what was read from its table is read again."""
    forget({obj.__table__.name for obj in (*session.new, *session.dirty, *session.deleted)
            if hasattr(obj, "__table__")})


@event.listens_for(Session, "do_orm_execute")
def forget_bulk_written(state) -> None:
    """The same for INSERT, UPDATE and DELETE statements run through the session (bulk writes)."""
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is not None and getattr(table, "name", None):
            forget({table.name})
