"""A PDF of a printed page, made on the server with WeasyPrint from the same HTML and CSS as the browser prints."""
from __future__ import annotations

import os

from flask import Response

from ..core.pdf import PdfUnavailable
from ..core.pdf import pdf_of as core_pdf_of

__all__ = ["PdfUnavailable", "pdf_of", "pdf_response"]

HERE = os.path.dirname(__file__)
STATIC = os.path.join(HERE, "static")


def pdf_of(html: str, base_url: str) -> bytes:
    """The PDF of ``html`` (the cards' style sheets); raises PdfUnavailable when WeasyPrint cannot be loaded."""
    return core_pdf_of(html, base_url, {"/cards/static/": STATIC})


def pdf_response(html: str, base_url: str, filename: str) -> Response:
    response = Response(pdf_of(html, base_url), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response.headers["Cache-Control"] = "no-store"  # names, addresses and phones: kept by no cache
    return response
