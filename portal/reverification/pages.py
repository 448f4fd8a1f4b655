"""More cycle pages: spot checks, the pairing refresh, and a helper's page for coordinators and staff."""
from __future__ import annotations

from datetime import date, timedelta

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..activities.models import HoursEntry, SignUp
from ..assignment.models import Pairing
from ..core.audit import record
from ..core.scoping import get_or_404, scoped
from ..core.time import local_today
from ..extensions import db
from ..places.models import subtree_ids
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from ..web.access import STAFF, roles_required
from ..web.numbers import id_field, int_value
from .blueprint import bp
from .models import HoursConfirmation, SpotCheck
from .periods import KINDS
from .spot import draw_sample, old_pairings, record_result
from .training import add_record, status_of, untrained
from .views import _cycle


@bp.route("/<int:cycle_id>/spot", methods=["GET", "POST"])
@roles_required(*STAFF)
def spot(cycle_id: int):
    """Draw a random sample of the area's records, then confirm or flag each; kept with the cycle."""
    c = _cycle(cycle_id)
    if request.method == "POST":
        size = int_value("size", 0, 99999, request.form)  # out of 1..200: told below, the form kept
        if size is None or not 1 <= size <= 200:
            flash(_("Draw between 1 and 200 records."), "error")
        else:
            n = draw_sample(current_user, c, size)
            db.session.commit()
            flash(_("%(n)d records drawn.", n=n), "success")
        return redirect(url_for(".spot", cycle_id=c.id))
    checks = db.session.execute(scoped(SpotCheck, current_user).options(selectinload(SpotCheck.beneficiary))
                                .where(SpotCheck.cycle_id == c.id).order_by(SpotCheck.id)).scalars().all()
    return render_template("reverification/spot.html", cycle=c, checks=checks, kinds=KINDS)


@bp.route("/spot/<int:check_id>", methods=["POST"])
@roles_required(*STAFF)
def spot_result(check_id: int):
    check = get_or_404(SpotCheck, check_id, current_user)
    result = request.form.get("result", "")
    if result not in ("confirmed", "flagged"):
        abort(400)
    record_result(current_user, check, result, request.form.get("note", "").strip())
    db.session.commit()
    return redirect(url_for(".spot", cycle_id=check.cycle_id))


@bp.route("/<int:cycle_id>/pairings", methods=["GET", "POST"])
@roles_required(*STAFF)
def pairings(cycle_id: int):
    """Pairings older than a year in the area: confirm one (it counts from today) or re-run the assignment."""
    c = _cycle(cycle_id)
    today = local_today()
    if request.method == "POST":
        pairing = get_or_404(Pairing, id_field("pairing"), current_user)
        before = {"started_on": pairing.started_on.isoformat()}
        pairing.started_on = today
        record(current_user, "confirm", "pairing", pairing.id, before, {"started_on": today.isoformat()})
        db.session.commit()
        flash(_("Pairing confirmed."), "success")
        return redirect(url_for(".pairings", cycle_id=c.id))
    return render_template("reverification/pairings.html", cycle=c, rows=old_pairings(current_user, c, today),
                           services=current_plugins().services, kinds=KINDS)


@bp.route("/helpers/<int:volunteer_id>")
@roles_required(*STAFF)
def helper(volunteer_id: int):
    """A helper's page: whom they help, their activities, hours (confirmed or not) and background check."""
    v = get_or_404(Volunteer, volunteer_id, current_user)
    helps = db.session.execute(scoped(Pairing, current_user).options(selectinload(Pairing.beneficiary))
                               .where(Pairing.volunteer_id == v.id)
                               .order_by(Pairing.status != "active", Pairing.started_on.desc())).scalars().all()
    signups = db.session.execute(scoped(SignUp, current_user).options(selectinload(SignUp.activity))
                                 .where(SignUp.volunteer_id == v.id).order_by(SignUp.id.desc()).limit(50)).scalars().all()
    year_ago = local_today() - timedelta(days=365)
    hours = db.session.execute(select(
        func.coalesce(func.sum(HoursEntry.hours), 0.0),
        func.coalesce(func.sum(HoursEntry.hours).filter(HoursConfirmation.hours_id.is_not(None)), 0.0))
        .outerjoin(HoursConfirmation, HoursConfirmation.hours_id == HoursEntry.id)
        .where(HoursEntry.volunteer_id == v.id, HoursEntry.day >= year_ago)).one()
    today = local_today()
    return render_template("reverification/helper.html", volunteer=v, helps=helps, signups=signups,
                           hours_logged=float(hours[0]), hours_confirmed=float(hours[1]),
                           services=current_plugins().services, training=status_of(v.id, today.year), today=today,
                           attended=[s.activity for s in signups if s.attended])


@bp.route("/helpers/<int:volunteer_id>/record", methods=["POST"])
@roles_required(*STAFF)
def helper_record(volunteer_id: int):
    """A coordinator records a pledge signed or a training attended (optionally a training activity)."""
    v = get_or_404(Volunteer, volunteer_id, current_user)
    kind = request.form.get("kind", "")
    try:
        day = date.fromisoformat(request.form.get("day", ""))
    except ValueError:
        day = None
    activity_id = id_field("activity")
    if activity_id is not None and db.session.execute(select(SignUp.id).where(
            SignUp.activity_id == activity_id, SignUp.volunteer_id == v.id, SignUp.attended.is_(True))).first() is None:
        activity_id = None  # only an activity the helper attended counts as their training
    if kind not in ("pledge", "training") or day is None or day > local_today():
        flash(_("Choose pledge or training and a day that is not in the future."), "error")
    else:
        add_record(current_user, v, kind, day, request.form.get("note", "").strip(), activity_id)
        db.session.commit()
        flash(_("Saved."), "success")
    return redirect(url_for(".helper", volunteer_id=v.id))


@bp.route("/<int:cycle_id>/untrained")
@roles_required(*STAFF)
def untrained_helpers(cycle_id: int):
    """The cycle's area's active helpers with no training this year (001, 004)."""
    c = _cycle(cycle_id)
    rows = untrained(current_user, local_today().year, subtree_ids(c.place))
    return render_template("reverification/untrained.html", cycle=c, rows=rows, kinds=KINDS)
