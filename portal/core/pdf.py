"""PDFs made on the server with WeasyPrint from a page's own HTML and CSS (cards, the service list, a report's
print layout); nothing is fetched from a network: style sheets are read from the package folders named."""
from __future__ import annotations

import os
import pathlib
from collections.abc import Iterable
from urllib.parse import urlparse

from flask import current_app


class PdfUnavailable(RuntimeError):
    """WeasyPrint (or the system's Pango it needs) is missing: the browser's own print to PDF still works."""


def local_path(url: str, folders: dict[str, str]) -> str | None:
    """The file behind an address under one of ``folders`` (``{"/cards/static/": folder}``), or None."""
    path = urlparse(url).path
    for prefix, folder in folders.items():
        if path.startswith(prefix):
            name = os.path.normpath(os.path.join(folder, path[len(prefix):]))
            if name.startswith(os.path.normpath(folder) + os.sep) and os.path.isfile(name):
                return name
    return None


def pdf_of(html: str, base_url: str, folders: dict[str, str] | None = None, css: Iterable[str] = ()) -> bytes:
    """The PDF of ``html``, its style sheets read from ``folders`` (and the app's ``/static/``), plus the style
    sheets given as text in ``css``; raises PdfUnavailable when WeasyPrint cannot be loaded."""
    try:
        from weasyprint import CSS, HTML
        from weasyprint.urls import URLFetcher
    except (ImportError, OSError) as missing:  # OSError: the Pango library is not installed
        raise PdfUnavailable(str(missing)) from None
    known = {**(folders or {}), "/static/": current_app.static_folder}

    class PackageFiles(URLFetcher):
        def fetch(self, url, headers=None):
            name = local_path(url, known)
            if name is None:
                raise ValueError(f"not fetched when making a PDF: {url}")
            return super().fetch(pathlib.Path(name).as_uri(), headers)

    fetcher = PackageFiles()
    return HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        stylesheets=[CSS(string=text, url_fetcher=fetcher) for text in css])
