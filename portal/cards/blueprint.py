"""The cards feature's one blueprint; its pages live in views.py (printing) and editors.py (contacts, policy cards)."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cards", __name__, url_prefix="/cards", template_folder="templates", static_folder="static",
               static_url_path="/static")
