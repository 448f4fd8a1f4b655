"""The place tree as a page: county, townships, villages and grids in the user's jurisdiction."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from ..core.scoping import scoped
from ..extensions import db
from ..web.access import COORDINATORS, roles_required
from .models import Place
from .choices import in_tree_order

bp = Blueprint("places", __name__, url_prefix="/places", template_folder="templates")


@bp.route("/")
@roles_required(*COORDINATORS)
def index():
    rows = in_tree_order(db.session.execute(scoped(Place, current_user)).scalars())
    return render_template("places/index.html", places=rows)
