"""The place tree as a page: county, townships, villages and grids in the user's jurisdiction, a level at a time.

A county's tree is 4,500 places (478 KB in one page: issue 32): the page shows one place, the way up to it and its
children, each child opened by a link; a search by name or code finds any place of the area, paged."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import func, or_, select

from ..core.scoping import get_or_404, scoped
from ..extensions import db
from ..web.access import COORDINATORS, roles_required
from ..web.numbers import id_arg
from ..web.pagination import paginate
from .models import Place, load_ancestors
from .choices import in_tree_order

bp = Blueprint("places", __name__, url_prefix="/places", template_folder="templates", static_folder="static",
               static_url_path="/static")


def _children_counts(ids: list[int]) -> dict[int, int]:
    """How many places each of ``ids`` holds directly, in one aggregate."""
    if not ids:
        return {}
    return dict(db.session.execute(select(Place.parent_id, func.count(Place.id))
                                   .where(Place.parent_id.in_(ids)).group_by(Place.parent_id)).all())


@bp.route("/")
@roles_required(*COORDINATORS)
def index():
    q = request.args.get("q", "").strip()[:50]
    if q:
        page = paginate(scoped(Place, current_user).where(or_(Place.name.contains(q), Place.code.startswith(q)))
                        .order_by(Place.path))
        load_ancestors(page.items)  # each row names its township and county
        return render_template("places/index.html", q=q, page=page, opened=None, places=[], counts={})
    place_id = id_arg("place")
    if place_id:
        tops = [get_or_404(Place, place_id, current_user)]
    elif current_user.place is not None:
        tops = [current_user.place]
    else:  # an admin: the roots of the tree
        tops = list(db.session.execute(scoped(Place, current_user).where(Place.parent_id.is_(None))).scalars())
    children = list(db.session.execute(scoped(Place, current_user)
                                       .where(Place.parent_id.in_([p.id for p in tops]))).scalars())
    places = in_tree_order(tops + children)
    load_ancestors(places)
    opened = tops[0] if place_id else None
    # The way up to the opened place, each step a link when it is in the user's area.
    mine = set(db.session.execute(scoped(Place, current_user, select(Place.id))
                                  .where(Place.id.in_([int(i) for i in opened.path.strip("/").split("/")]))
                                  ).scalars()) if opened else set()
    trail = []
    if opened is not None:
        node = opened.parent
        while node is not None:
            trail.insert(0, (node, node.id in mine))
            node = node.parent
    return render_template("places/index.html", q=q, page=None, opened=opened, trail=trail, places=places,
                           counts=_children_counts([p.id for p in children]), tops={p.id for p in tops})
