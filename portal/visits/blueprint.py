"""The visits feature's one blueprint; its pages live in views.py and campaign_views.py."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("visits", __name__, url_prefix="/visits", template_folder="templates")
