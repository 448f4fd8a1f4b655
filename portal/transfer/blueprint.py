"""The import and export feature's blueprint (``/transfer``): the import pages (views.py) and the export pages
(export_pages.py) join it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("transfer", __name__, url_prefix="/transfer", template_folder="templates")
