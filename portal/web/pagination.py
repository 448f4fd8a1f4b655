"""Pages of a list: the page number from the request, the page size from configuration, links to pages."""
from __future__ import annotations

from flask import current_app, request, url_for
from flask_sqlalchemy.pagination import SelectPagination
from sqlalchemy import Select, func, inspect, select

from ..extensions import db

#: No list has more pages than this; a larger number in the URL shows the last page's emptiness, not a 500.
MAX_PAGE = 1_000_000


def page_number() -> int:
    """The ``page`` argument, 1 when it is missing, odd or out of range."""
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 1


class NarrowCountPagination(SelectPagination):
    """The pager's total counted over the statement's ids only, not a subquery of every column (a county's
    match runs carry megabytes of JSON each; a ledger row two dozen columns), so the database can answer it
    from an index."""

    def _query_count(self) -> int:
        stmt = self._query_args["select"]
        if stmt._distinct or stmt._group_by_clauses or len(stmt.column_descriptions) != 1:
            return super()._query_count()
        entity = stmt.column_descriptions[0]["entity"]
        if entity is None:
            return super()._query_count()
        narrow = stmt.with_only_columns(*inspect(entity).primary_key, maintain_column_froms=True).order_by(None)
        return self._query_args["session"].execute(select(func.count()).select_from(narrow.subquery())).scalar()


def paginate(stmt: Select):
    """Paginate a scoped SELECT by the ``page`` argument, with the configured page size."""
    return NarrowCountPagination(select=stmt, session=db.session(), page=page_number(),
                                 per_page=current_app.config["GUANAI_PAGE_SIZE"], error_out=False)


def page_url(number: int) -> str:
    """The current page's URL with its filters, at another page number."""
    return url_for(request.endpoint, **{**(request.view_args or {}), **request.args.to_dict(), "page": number})


class ListPage:
    """A page of a list already in memory (a run's villages), with what the pager macro reads."""

    def __init__(self, items: list, page: int, per_page: int):
        self.total, self.per_page = len(items), per_page
        self.pages = max(1, -(-self.total // per_page))
        self.page = min(page, self.pages)
        self.items = items[(self.page - 1) * per_page:self.page * per_page]
        self.has_prev, self.has_next = self.page > 1, self.page < self.pages
        self.prev_num, self.next_num = self.page - 1, self.page + 1


def paginate_list(items: list) -> ListPage:
    """Paginate a list by the ``page`` argument, with the configured page size."""
    return ListPage(items, page_number(), current_app.config["GUANAI_PAGE_SIZE"])
