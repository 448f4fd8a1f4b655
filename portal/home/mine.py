"""A volunteer's own pages: overview (with whom to visit), profile, availability status, pairings to answer, hours."""
from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from ..activities.forms import HoursForm
from ..activities.hours import HoursRefused, hours_from_each, log_hours, pending_hours
from ..activities.models import Activity, SignUp
from ..activities.signups import waiting_position
from ..assignment.ending import flagged_ids, suspend_day
from ..assignment.models import Pairing
from ..assignment.pairings import CommitRefused, respond
from ..core.audit import change_rows, changes_since
from ..core.scoping import get_or_404, scoped
from ..core.time import local_today, to_local, utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import load_ancestors
from ..plugin.manager import current_plugins
from ..volunteers.forms import VolunteerProfileForm, read_service_capacities
from ..volunteers.join import village_choices, village_points
from ..volunteers.models import Volunteer
from ..volunteers.leaving import OWN_STATUS_CHANGES, STEPPING_DOWN, StatusRefused, change_own_status, consequences
from ..volunteers.profile import current_volunteer, offered_services, save_volunteer
from ..web.access import VOLUNTEERS, roles_required

bp = Blueprint("mine", __name__, url_prefix="/me", template_folder="templates")


def _me() -> Volunteer:
    volunteer = current_volunteer()
    if volunteer is None:
        abort(404)
    return volunteer


def _active_pairings() -> list[Pairing]:
    # The person and their village are shown for each: loaded with the pairings, not one query per pairing.
    return db.session.execute(scoped(Pairing, current_user).where(Pairing.status == "active")
                              .options(selectinload(Pairing.beneficiary).selectinload(Beneficiary.place))
                              .order_by(Pairing.started_on.desc())).scalars().all()


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


#: How many recent activities the hours form offers.
RECENT_ACTIVITIES = 20


def _hours_form(me: Volunteer, pairings: list[Pairing]) -> HoursForm:
    """The hours form: for an active pairing, an activity the volunteer was confirmed for, or other work."""
    services = current_plugins().services

    def service_name(code: str) -> str:
        return services[code].name if code in services else code

    confirmed = db.session.execute(select(Activity).join(SignUp).where(
        SignUp.volunteer_id == me.id, SignUp.status == "confirmed", SignUp.attended.is_not(False),
        Activity.starts_at <= utcnow())
        .order_by(Activity.starts_at.desc()).limit(RECENT_ACTIVITIES)).scalars()
    form = HoursForm()
    # The earlier of the UTC and the local day: a day typed near midnight is never refused for the zone.
    form.joined_on = min(me.created_at.date(), to_local(me.created_at).date()) if me.created_at else None
    form.target.choices = [(f"p{p.id}", f"{p.beneficiary.name} · {service_name(p.service)}") for p in pairings]
    form.target.choices += [(f"a{a.id}", a.title) for a in confirmed]
    return form


@bp.route("/")
@roles_required(*VOLUNTEERS)
def overview():
    me = _me()
    pairings = _active_pairings()
    signups = db.session.execute(select(SignUp).join(Activity).where(
        SignUp.volunteer_id == me.id, SignUp.status != "cancelled", Activity.ends_at >= utcnow())
        .order_by(Activity.starts_at)).scalars().all()
    today = local_today()
    hours_quarter, hours_year = hours_from_each(me.id, _quarter_start(today), date(today.year, 1, 1))
    flags = flagged_ids([p.id for p in pairings])
    flag_day = min((suspend_day(p, today) for p in pairings if p.id in flags), default=None)
    return render_template("mine/overview.html", flagged=flags, flag_day=flag_day, hours_pending=pending_hours(me.id), me=me, status_changes=OWN_STATUS_CHANGES.get(me.status, ()),
                           pairings=pairings, signups=signups,
                           positions={s.id: waiting_position(s) for s in signups if s.status == "waiting"},
                           sections=[(s, s.context(current_user)) for s in
                                     current_plugins().page_sections("my_page", me, current_user)], today=today,
                           hours_quarter=hours_quarter, hours_year=hours_year,
                           hours_form=_hours_form(me, pairings), services=current_plugins().services)


@bp.route("/hours", methods=["POST"])
@roles_required(*VOLUNTEERS)
def hours():
    me = _me()
    form = _hours_form(me, _active_pairings())
    if form.validate_on_submit():
        target = form.target.data or ""
        try:
            log_hours(current_user, me, form.day.data, form.hours.data, form.note.data or "",
                      activity_id=int(target[1:]) if target.startswith("a") else None,
                      pairing_id=int(target[1:]) if target.startswith("p") else None)
        except HoursRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("%(h)s hours logged: they count once a coordinator confirms them. Thank you.",
                    h=form.hours.data), "success")
    else:
        for field in form:
            for error in field.errors:
                flash(f"{field.label.text}: {error}", "error")
    return redirect(url_for("mine.overview"))


@bp.route("/profile", methods=["GET", "POST"])
@roles_required(*VOLUNTEERS)
def profile():
    me = _me()
    form = VolunteerProfileForm(obj=me)
    form.place_id.choices = village_choices()
    form.fill_skill_choices()
    if not form.is_submitted():
        form.show_skills(me.skills)
        form.show_availability(me.availability)
        form.show_version(me.version)
    services = current_plugins().services
    capacities, service_errors = (read_service_capacities(request.form, services) if form.is_submitted()
                                  else (offered_services(me), {}))
    others = []
    if form.validate_on_submit() and not service_errors:
        read = form.read_version()
        try:
            if read is not None and read != me.version:
                raise StaleDataError("saved since the form was read")
            save_volunteer(current_user, me, form.profile_data(), capacities)
            db.session.commit()
        except StaleDataError:  # another tab, or a coordinator, saved first: show what they changed
            db.session.rollback()
            db.session.refresh(me)
            labels = {f.name: f.label.text for f in form}
            others = [(e, change_rows(e, labels)) for e in changes_since("volunteer", me.id, read or 0)]
            form.show_version(me.version)
        else:
            flash(_("Saved."), "success")
            return redirect(url_for("mine.overview"))
    return render_template("mine/profile.html", form=form, me=me, services=services, villages=village_points(),
                           capacities=capacities, service_errors=service_errors, others=others)


@bp.route("/status/<wanted>", methods=["GET", "POST"])
@roles_required(*VOLUNTEERS)
def step_down(wanted: str):
    """Pause or leave: first what will happen (the pairings that end, the activities left), then confirm."""
    me = _me()
    if wanted not in STEPPING_DOWN or wanted not in OWN_STATUS_CHANGES.get(me.status, ()):
        abort(404)
    if request.method == "POST":
        try:
            change_own_status(current_user, me, wanted, request.form.get("reason", ""))
        except StatusRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return redirect(url_for("mine.overview"))
        db.session.commit()
        flash({"paused": _("You are paused: your pairings have ended and your coordinator is told. No new pairings "
                           "or sign-ups until you resume."),
               "left": _("You have stopped volunteering: your pairings have ended and your coordinator is told. "
                         "Thank you for your help.")}[wanted], "info")
        return redirect(url_for("mine.overview"))
    return render_template("mine/step_down.html", me=me, wanted=wanted, consequences=consequences(me, wanted))


@bp.route("/status", methods=["POST"])
@roles_required(*VOLUNTEERS)
def status():
    """Resume at once; a pause or leaving goes through its confirmation page (:func:`step_down`)."""
    me = _me()
    wanted = request.form.get("status")
    if wanted in STEPPING_DOWN and wanted in OWN_STATUS_CHANGES.get(me.status, ()):
        return redirect(url_for("mine.step_down", wanted=wanted))
    try:
        change_own_status(current_user, me, wanted or "", request.form.get("reason", ""))
    except StatusRefused:
        abort(400)
    db.session.commit()
    flash(_("Welcome back."), "info")
    return redirect(url_for("mine.overview"))


@bp.route("/pairings")
@roles_required(*VOLUNTEERS)
def pairings():
    rows = _active_pairings()
    past = db.session.execute(scoped(Pairing, current_user).where(Pairing.status != "active")
                              .options(selectinload(Pairing.beneficiary).selectinload(Beneficiary.place))
                              .order_by(Pairing.ended_on.desc()).limit(20)).scalars().all()
    load_ancestors(p.beneficiary.place for p in rows)  # each active pairing shows its village's full name
    return render_template("mine/pairings.html", rows=rows, past=past, services=current_plugins().services,
                           flags=flagged_ids([p.id for p in rows]), suspend_day=suspend_day, today=local_today())


@bp.route("/pairings/<int:pairing_id>/answer", methods=["POST"])
@roles_required(*VOLUNTEERS)
def answer(pairing_id: int):
    pairing = get_or_404(Pairing, pairing_id, current_user)
    accept = request.form.get("answer") == "accept"
    note = request.form.get("note", "").strip()[:300]
    if not accept and not note:
        flash(_("Please say why you decline, so the coordinator can find someone else."), "error")
        return redirect(url_for("mine.pairings"))
    try:
        respond(current_user, pairing, accept, note)
    except CommitRefused as refused:
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(_("Thank you: accepted.") if accept else _("Declined. The coordinator will pair this person again."),
              "success")
    return redirect(url_for("mine.pairings"))
