"""The pairing list for coordinators and staff: every active pairing of their area, the ones flagged by a
helper's background check, and the people who need a new helper since theirs went. Issue 27."""
from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.scoping import scoped
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..volunteers.leaving import Consequence
from ..web.access import STAFF, roles_required
from ..web.pagination import paginate
from .ending import flagged, flagged_ids, grace_days, needing_new_helper, suspend_day
from .models import Pairing
from ..core.sql import by_pinyin

bp = Blueprint("pairings", __name__, url_prefix="/pairings", template_folder="templates")
SHOWS = ("active", "flagged", "needs")


def service_name(key: str) -> str:
    service = current_plugins().services.get(key)
    return str(service.name) if service else key


def pairings_ending(volunteer, status: str) -> list[Consequence]:
    """The volunteer's active pairings, each "person · service", that end if they pause or leave."""
    if status not in ("paused", "left"):
        return []
    rows = db.session.execute(select(Beneficiary.name, Pairing.service).join(Beneficiary).where(
        Pairing.volunteer_id == volunteer.id, Pairing.status == "active")
        .order_by(by_pinyin(Beneficiary.name), Pairing.id)).all()
    if not rows:
        return [Consequence("pairings", _("Pairings"), (_("No pairing to end."),), order=10)]
    title = _("These %(n)d pairings end; each person needs a new helper and is in the next run", n=len(rows))
    return [Consequence("pairings", title, tuple(f"{name} · {service_name(key)}" for name, key in rows), order=10)]


@bp.route("/")
@roles_required(*STAFF)
def index():
    """Active pairings (all, or only those flagged by a helper's check), or the people who need a new helper."""
    show = request.args.get("show") if request.args.get("show") in SHOWS else "active"
    today = local_today()
    if show == "needs":
        stmt = needing_new_helper(current_user)
        sub = stmt.subquery()
        page = paginate(select(Pairing).join(sub, sub.c.last == Pairing.id)
                        .options(selectinload(Pairing.beneficiary).selectinload(Beneficiary.place),
                                 selectinload(Pairing.volunteer))
                        .order_by(Pairing.ended_on.desc(), Pairing.id.desc()))
        return render_template("pairings/index.html", page=page, show=show, flags=set(), today=today,
                               service_name=service_name, suspend_day=suspend_day, grace=grace_days())
    stmt = scoped(Pairing, current_user).where(Pairing.status == "active")
    if show == "flagged":
        stmt = stmt.where(flagged(today))
    stmt = (stmt.options(selectinload(Pairing.beneficiary).selectinload(Beneficiary.place),
                         selectinload(Pairing.volunteer))
            .order_by(Pairing.started_on.desc(), Pairing.id.desc()))
    page = paginate(stmt)
    flags = flagged_ids([p.id for p in page.items])
    return render_template("pairings/index.html", page=page, show=show, flags=flags, today=today,
                           service_name=service_name, suspend_day=suspend_day, grace=grace_days())
