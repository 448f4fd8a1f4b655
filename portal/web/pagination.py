"""Pages of a list: the page number from the request, the page size from configuration, links to pages."""
from __future__ import annotations

from flask import current_app, request, url_for
from flask_login import current_user
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, func, inspect, select
from sqlalchemy.orm import lazyload

from ..extensions import db
from .kept import counted
from .numbers import parse_int

#: No list has more pages than this; a larger number in the URL shows the last page's emptiness, not a 500.
MAX_PAGE = 1_000_000


def page_number() -> int:
    """The ``page`` argument, 1 when it is missing, odd or out of range."""
    return parse_int(request.args.get("page"), 1, MAX_PAGE) or 1


class NarrowCountPagination(SelectPagination):
    """A page of a scoped list whose total costs as little as it can (issue 21).

    The page reads one row more than it shows, so it knows whether another page follows without a count;
    the last page (and a first page that is the whole list) knows the total from its own rows. Only a page
    in the middle needs the count, which is taken over the statement's ids only (not a subquery of every
    column: a county's match runs carry megabytes of JSON each, a ledger row two dozen columns) and kept
    per area for a short time (``portal.web.kept``).
    """

    def _query_items(self) -> list:
        stmt, key = self._query_args["select"], self._key()
        if self._query_offset and key is not None:
            # A deep page: its ids are found first (from an index that holds the order and the scope's
            # column, without reading the rows skipped), then only its rows are read.
            ids = self._ids(stmt, key).limit(self.per_page + 1).offset(self._query_offset)
            stmt = stmt.where(key.in_(ids))
        else:
            stmt = stmt.limit(self.per_page + 1).offset(self._query_offset)
        rows = list(self._query_args["session"].execute(stmt).unique().scalars())
        self.more = len(rows) > self.per_page
        return rows[:self.per_page]

    def _query_count(self) -> int:
        seen = self._query_offset + len(self.items)
        if not self.more and (self.items or self.page == 1):
            return seen
        total = counted(self._narrow(), current_user, self._count_now)
        # A total kept from before contradicts the rows just read: the rows win.
        return max(total, seen + 1) if self.more else total

    def _key(self):
        """The listed entity's one-column primary key, or None (a list of something else, grouped, distinct)."""
        stmt = self._query_args["select"]
        entity = stmt.column_descriptions[0]["entity"] if len(stmt.column_descriptions) == 1 else None
        if stmt._distinct or stmt._group_by_clauses or entity is None or len(inspect(entity).primary_key) != 1:
            return None
        return inspect(entity).primary_key[0]

    @staticmethod
    def _ids(stmt: Select, key) -> Select:
        return stmt.with_only_columns(key, maintain_column_froms=True)

    def _narrow(self) -> Select:
        stmt, key = self._query_args["select"], self._key()
        if key is None:
            return stmt.options(lazyload("*")).order_by(None)
        return self._ids(stmt, key).order_by(None)

    def _count_now(self) -> int:
        narrow = self._narrow()
        return self._query_args["session"].execute(select(func.count()).select_from(narrow.subquery())).scalar()


def paginate(stmt: Select):
    """Paginate a scoped SELECT by the ``page`` argument, with the configured page size."""
    return NarrowCountPagination(select=stmt, session=db.session(), page=page_number(),
                                 per_page=current_app.config["GUANAI_PAGE_SIZE"], error_out=False)


def page_url(number: int) -> str:
    """The current page's URL with its filters, at another page number."""
    return url_for(request.endpoint, **{**(request.view_args or {}), **request.args.to_dict(), "page": number})


class ListPage:
    """A page of a list, with what the pager macro reads: ``items`` the whole list in memory (a run's villages),
    or, with ``total``, only this page's rows already read by the database (LIMIT/OFFSET) out of ``total``."""

    def __init__(self, items: list, page: int, per_page: int, total: int | None = None):
        self.total, self.per_page = (len(items) if total is None else total), per_page
        self.pages = max(1, -(-self.total // per_page))
        self.page = min(page, self.pages)
        self.items = items[(self.page - 1) * per_page:self.page * per_page] if total is None else items
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num, self.next_num = self.page - 1, self.page + 1


def page_size() -> int:
    return current_app.config["GUANAI_PAGE_SIZE"]


def paginate_list(items: list) -> ListPage:
    """Paginate a list by the ``page`` argument, with the configured page size."""
    return ListPage(items, page_number(), current_app.config["GUANAI_PAGE_SIZE"])


def database_page(total: int, rows) -> ListPage:
    """One page of a list the database cuts: the page number from the request (the last page when past it), its
    rows from ``rows(limit, offset)`` (a LIMIT/OFFSET statement) and the whole list's ``total``."""
    size = page_size()
    number = min(page_number(), max(1, -(-total // size)))
    return ListPage(rows(size, (number - 1) * size), number, size, total=total)
