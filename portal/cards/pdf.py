"""A PDF of a printed page, made on the server with WeasyPrint from the same HTML and CSS as the browser prints."""
from __future__ import annotations

import os
import pathlib
from urllib.parse import urlparse

from flask import Response, current_app

HERE = os.path.dirname(__file__)
STATIC = os.path.join(HERE, "static")


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the system's Pango it needs) is missing: the browser's own print to PDF still works."""


def local_path(url: str, static_folder: str) -> str | None:
    """The file in the package behind a style sheet's address, or None: nothing is fetched from a network."""
    path = urlparse(url).path
    for prefix, folder in (("/cards/static/", STATIC), ("/static/", static_folder)):
        if path.startswith(prefix):
            name = os.path.normpath(os.path.join(folder, path[len(prefix):]))
            if name.startswith(os.path.normpath(folder) + os.sep) and os.path.isfile(name):
                return name
    return None


def pdf_of(html: str, base_url: str) -> bytes:
    """The PDF of ``html``; raises PdfUnavailable when WeasyPrint cannot be loaded."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as missing:  # OSError: the Pango library is not installed
        raise PdfUnavailable(str(missing)) from None
    static_folder = current_app.static_folder

    class PackageFiles(URLFetcher):
        def fetch(self, url, headers=None):
            name = local_path(url, static_folder)
            if name is None:
                raise ValueError(f"not fetched when making a PDF: {url}")
            return super().fetch(pathlib.Path(name).as_uri(), headers)

    return HTML(string=html, base_url=base_url, url_fetcher=PackageFiles()).write_pdf()


def pdf_response(html: str, base_url: str, filename: str) -> Response:
    response = Response(pdf_of(html, base_url), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response.headers["Cache-Control"] = "no-store"  # names, addresses and phones: kept by no cache
    return response
