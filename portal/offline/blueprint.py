"""The offline feature's blueprint (``/offline``): the server's JSON (api.py) and the phone's pages join it."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("offline", __name__, url_prefix="/offline", template_folder="templates", static_folder="static",
               static_url_path="/static")
