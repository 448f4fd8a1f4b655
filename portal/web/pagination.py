"""Pages of a list: the page number from the request, the page size from configuration, links to pages."""
from __future__ import annotations

from flask import current_app, request, url_for
from sqlalchemy import Select

from ..extensions import db

#: No list has more pages than this; a larger number in the URL shows the last page's emptiness, not a 500.
MAX_PAGE = 1_000_000


def page_number() -> int:
    """The ``page`` argument, 1 when it is missing, odd or out of range."""
    raw = request.args.get("page", "1")
    return int(raw) if raw.isascii() and raw.isdigit() and 0 < int(raw) <= MAX_PAGE else 1


def paginate(stmt: Select):
    """Paginate a scoped SELECT by the ``page`` argument, with the configured page size."""
    return db.paginate(stmt, page=page_number(), per_page=current_app.config["GUANAI_PAGE_SIZE"], error_out=False)


def page_url(number: int) -> str:
    """The current page's URL with its filters, at another page number."""
    return url_for(request.endpoint, **{**(request.view_args or {}), **request.args.to_dict(), "page": number})
