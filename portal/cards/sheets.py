"""Laying cards out for printing: card sizes, A4 sheets with cut marks, or one card per page for a card printer."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from markupsafe import Markup

from .pdf import PdfUnavailable, pdf_response


@dataclass(frozen=True)
class Size:
    """A card's size in millimetres and how many fit an A4 sheet with gutters for the cut marks."""

    code: str
    width: float
    height: float
    per_sheet: int


#: Two columns on A4 with 8 mm gutters (the CSS in static/cards.css uses the same figures).
SIZES = {
    "wallet": Size("wallet", 85.6, 54, 8),   # ISO ID-1, a bank card: to carry (防走失卡)
    "medium": Size("medium", 90, 60, 8),     # contact and pairing cards
    "tall": Size("tall", 90, 130, 4),        # the policy card: a page of text
}
LAYOUTS = ("a4", "single")


def layout_from(value: str | None) -> str:
    """The layout asked for: ``a4`` (sheets with cut marks, the default) or ``single`` (one card per page)."""
    return value if value in LAYOUTS else "a4"


def pages(cards: list, size: str, layout: str) -> list[list]:
    """The cards in printed pages: as many as fit an A4 sheet, or one per page."""
    per_page = SIZES[size].per_sheet if layout == "a4" else 1
    return [cards[i:i + per_page] for i in range(0, len(cards), per_page)]


@dataclass(frozen=True)
class Card:
    """One card of a sheet: a macro of ``cards/_printed.html`` with its arguments, drawn in the sheet's one
    render, or ``html`` made before (a plugin's card, the policy card)."""

    macro: str = ""
    args: dict[str, Any] = field(default_factory=dict)
    html: Markup | None = None


def card(template: str, **context) -> Card:
    """One card rendered from its own template (a plugin's card, the policy card).

    The page's context (the context processors: navigation, the bell's count, ...) is made once per request
    and shared by every card: a card per ``render_template`` ran them, and their queries, once per card.
    """
    base = g.get("_cards_context")
    if base is None:
        base = {}
        current_app.update_template_context(base)
        g._cards_context = base
    return Card(html=Markup(current_app.jinja_env.get_template(template).render({**base, **context})))


def render_sheet_html(title: str, cards: list[Card], size: str, layout: str, back: str | None = None) -> str:
    """The printable page of ``cards``, in one render."""
    return render_template("cards/sheet.html", title=title, pages=pages(cards, size, layout), size=SIZES[size],
                           layout=layout, count=len(cards), back=back)


def render_sheet(title: str, cards: list[Card], size: str, layout: str, back: str | None = None):
    """The printable page (a toolbar on screen only), or with ``?format=pdf`` the same page as a PDF download."""
    return document_response(title, render_sheet_html(title, cards, size, layout, back))


def document_response(title: str, html: str):
    """``html`` as it is, or with ``?format=pdf`` the same page as a PDF download (a sheet, the service list)."""
    if request.args.get("format") != "pdf":
        return html
    try:
        return pdf_response(html, request.url_root, quote(f"{title}.pdf"))
    except PdfUnavailable:
        flash(_("PDF downloads are not available here: use the browser's print, and choose to save as PDF."),
              "error")
        args = {k: v for k, v in request.args.items() if k != "format"}
        return redirect(url_for(request.endpoint, **(request.view_args or {}), **args))
