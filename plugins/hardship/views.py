"""The hardship group's own page: households watched against falling back into poverty, with every member of the
household on the ledger of any group ("一老一小一困", 002), so that the old and the young of a watched home are seen."""
from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import select

from portal.core.scoping import scoped
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.plugin import current_plugins
from portal.web.access import group_required

from .forms import REASONS, WATCH
from .models import HardshipProfile
from portal.core.sql import by_pinyin

bp = Blueprint("hardship", __name__, template_folder="templates")


@bp.route("/watch")
@group_required("hardship")
def watch():
    """Watched people by village, each with the other members of their household on any group's ledger."""
    watched = db.session.execute(
        scoped(Beneficiary, current_user, select(Beneficiary, HardshipProfile))
        .join(HardshipProfile, HardshipProfile.beneficiary_id == Beneficiary.id)
        .where(Beneficiary.status == "active", HardshipProfile.watch != "none")
        .order_by(Beneficiary.place_id, by_pinyin(Beneficiary.name))).all()
    homes = {b.household_id for b, _ in watched if b.household_id}
    members: dict[int, list[Beneficiary]] = {}
    if homes:
        for m in db.session.execute(scoped(Beneficiary, current_user).where(
                Beneficiary.household_id.in_(homes), Beneficiary.status == "active")
                .order_by(Beneficiary.birth_date)).scalars():
            members.setdefault(m.household_id, []).append(m)
    return render_template("hardship/watch.html", watched=watched, members=members, groups=current_plugins().groups,
                           watch_names=dict(WATCH), reasons=dict(REASONS))
