"""Re-verification's one blueprint; its pages live in views.py (cycles), pages.py and hours_views.py."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("reverification", __name__, url_prefix="/reverify", template_folder="templates")
