"""Incident pages: open one from a person's page (phone first), the incident with its clocks, the board."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import and_, or_, select

from ..core.audit import AuditEntry
from ..core.scoping import get_or_404, scoped
from ..core.time import format_local, from_local, local_now, utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..web.numbers import id_arg
from .board import board_query, clock_labels, clock_text, duration_text, minutes_text, township_choices
from .clocks import clock_of
from .forms import CloseForm, OpenForm, StepForm
from .models import Incident, IncidentStepRow
from .calls import calls_for, step_contact, tel
from .reporting import (StepRefused, StepsOpen, add_step_details, close_incident, open_incident,
                        open_required_steps, record_step)
from .types import all_types, type_of, types_of

bp = Blueprint("incidents", __name__, url_prefix="/incidents", template_folder="templates",
               static_folder="static", static_url_path="/static")


@bp.context_processor
def clock_helpers():
    return {"clock_text": clock_text, "duration_text": duration_text, "clock_labels": clock_labels,
            "minutes_text": minutes_text,
            "clock_of": clock_of, "now": utcnow()}


@bp.before_request
@login_required
def signed_in():
    """Every incident page needs a signed-in user; what they see is scoped below."""


@bp.route("/")
def board():
    state = "closed" if request.args.get("state") == "closed" else "open"
    place_id, place = id_arg("place"), None
    if place_id is not None:
        place = db.session.execute(scoped(Place, current_user).where(Place.id == place_id)).scalar_one_or_none()
    types = all_types()
    kind = request.args.get("type") if request.args.get("type") in types else None
    page = board_query(current_user, state, place, kind)
    return render_template("incidents/board.html", page=page, state=state, place=place, kind=kind,
                           townships=township_choices(current_user), types=types)


@bp.route("/new", methods=["GET", "POST"])
def new():
    person_id = id_arg("person")
    if person_id is None:
        abort(404)
    person = get_or_404(Beneficiary, person_id, current_user)
    kinds = types_of(person.group)
    form = OpenForm()
    form.kind.choices = [(k.key, k.name) for k in kinds]
    if request.method == "GET":
        form.occurred_at.data = local_now().replace(second=0, microsecond=0)
        form.location.data = person.address
    if form.validate_on_submit():
        kind = type_of(form.kind.data)
        occurred = from_local(form.occurred_at.data) if form.occurred_at.data else None
        if occurred is not None and occurred > utcnow():
            form.occurred_at.errors.append(_("The time it happened cannot be in the future."))
        else:
            incident = open_incident(current_user, person, kind, what=form.what.data, location=form.location.data or "",
                                     problem=form.problem.data or "", occurred_at=occurred)
            db.session.commit()
            flash(_("The incident is open: record each step as it is done."), "success")
            return redirect(url_for("incidents.detail", incident_id=incident.id))
    return render_template("incidents/new.html", form=form, person=person, kinds=kinds)


def _history(incident: Incident) -> list[AuditEntry]:
    step_ids = [s.id for s in incident.steps]
    return db.session.execute(select(AuditEntry).where(or_(
        and_(AuditEntry.entity == "incident", AuditEntry.entity_id == incident.id),
        and_(AuditEntry.entity == "incident_step", AuditEntry.entity_id.in_(step_ids or [-1]))))
        .order_by(AuditEntry.at, AuditEntry.id)).scalars().all()


def _page(incident: Incident, forms: dict | None = None, close_form: CloseForm | None = None,
          blocking: list | None = None, reasons: dict | None = None):
    forms = forms or {}
    step_forms = {s.id: forms.get(s.id) or StepForm(prefix=f"s{s.id}", formdata=None) for s in incident.steps
                  if s.done_at is None}
    kind = type_of(incident.type_key)
    step_names = {s.id: (kind.step(s.code).name if kind and kind.step(s.code) else s.code) for s in incident.steps}
    first_open = next((s.id for s in incident.steps if s.done_at is None), None)
    contacts = calls_for(kind, incident.place)
    step_calls = {s.id: step_contact(kind, s.code, contacts) for s in incident.steps}
    detail_forms = {s.id: StepForm(prefix=f"d{s.id}", formdata=None, obj=s) for s in incident.steps
                    if s.done_at is not None and incident.status == "open"}
    return render_template("incidents/detail.html", incident=incident, kind=kind, step_names=step_names,
                           step_forms=step_forms, first_open=first_open, contacts=contacts, step_calls=step_calls,
                           detail_forms=detail_forms, tel=tel, open_required={s.id for s in open_required_steps(incident)},
                           blocking={s.id for s in blocking or []}, reasons=reasons or {},
                           close_form=close_form or CloseForm(formdata=None), history=_history(incident))


@bp.route("/<int:incident_id>")
def detail(incident_id: int):
    return _page(get_or_404(Incident, incident_id, current_user))


@bp.route("/<int:incident_id>/steps/<int:step_id>", methods=["POST"])
def step(incident_id: int, step_id: int):
    incident = get_or_404(Incident, incident_id, current_user)
    row = get_or_404(IncidentStepRow, step_id, current_user, IncidentStepRow.incident_id == incident.id)
    form = StepForm(prefix=f"s{row.id}")
    if not form.validate_on_submit():
        return _page(incident, forms={row.id: form}), 400
    try:
        record_step(current_user, row, told_whom=form.told_whom.data, means=form.means.data,
                    done_at=from_local(form.done_at.data) if form.done_at.data else None, note=form.note.data or "")
    except StepRefused as refused:
        messages = {"closed": _("The incident is closed."), "done": _("This step is already recorded."),
                    "future": _("The time told cannot be in the future."),
                    "before": _("The time told cannot be before the incident happened.")}
        form.done_at.errors.append(messages[str(refused)])
        db.session.rollback()
        return _page(incident, forms={row.id: form}), 400
    db.session.commit()
    flash(_("Step recorded: its clock has stopped."), "success")
    return redirect(url_for("incidents.detail", incident_id=incident.id))


@bp.route("/<int:incident_id>/steps/<int:step_id>/now", methods=["POST"])
def step_now(incident_id: int, step_id: int):
    """One tap: the step is done now ("called 110 at 14:05"); who and how are filled in later (issue 27)."""
    incident = get_or_404(Incident, incident_id, current_user)
    row = get_or_404(IncidentStepRow, step_id, current_user, IncidentStepRow.incident_id == incident.id)
    kind = type_of(incident.type_key)
    contact = step_contact(kind, row.code, calls_for(kind, incident.place))
    step_rule = kind.step(row.code) if kind else None
    whom = f"{contact.label} {contact.phone}" if contact else (step_rule.whom if step_rule else row.code)
    try:
        done = record_step(current_user, row, told_whom=whom[:200], means="phone")
    except StepRefused as refused:
        db.session.rollback()
        flash({"closed": _("The incident is closed."), "done": _("This step is already recorded.")}.get(
            str(refused), _("This step cannot be recorded now.")), "warning")
        return redirect(url_for("incidents.detail", incident_id=incident.id))
    db.session.commit()
    flash(_("Recorded: %(whom)s at %(at)s. Add who answered and what was said when you can.", whom=whom,
            at=format_local(done.done_at, "%H:%M")), "success")
    return redirect(url_for("incidents.detail", incident_id=incident.id, _anchor=f"step-{row.id}"))


@bp.route("/<int:incident_id>/steps/<int:step_id>/details", methods=["POST"])
def step_details(incident_id: int, step_id: int):
    """Who was told, by what means and what was said, for a step done with one tap; its time stays."""
    incident = get_or_404(Incident, incident_id, current_user)
    row = get_or_404(IncidentStepRow, step_id, current_user, IncidentStepRow.incident_id == incident.id)
    form = StepForm(prefix=f"d{row.id}")
    if not form.validate_on_submit() or incident.status != "open":
        flash(_("Please say who was told and by what means."), "error")
        return redirect(url_for("incidents.detail", incident_id=incident.id, _anchor=f"step-{row.id}"))
    try:
        add_step_details(current_user, row, told_whom=form.told_whom.data, means=form.means.data,
                         note=form.note.data or "")
    except StepRefused:
        db.session.rollback()
        abort(400)
    db.session.commit()
    flash(_("Details saved."), "success")
    return redirect(url_for("incidents.detail", incident_id=incident.id, _anchor=f"step-{row.id}"))


@bp.route("/<int:incident_id>/close", methods=["POST"])
def close(incident_id: int):
    incident = get_or_404(Incident, incident_id, current_user)
    if current_user.role == "volunteer":
        abort(403)  # a coordinator or the group's staff closes, with the outcome
    form = CloseForm()
    if not form.validate_on_submit():
        return _page(incident, close_form=form), 400
    reasons = {s.id: request.form.get(f"not-needed-{s.id}", "")[:500] for s in incident.steps if s.done_at is None}
    try:
        close_incident(current_user, incident, outcome=form.outcome.data, follow_up=form.follow_up.data or "",
                       not_needed=reasons)
    except StepsOpen as still:
        db.session.rollback()
        flash(_("The incident cannot close while a required step is open: record each one as done, or say why it "
                "is not needed."), "error")
        return _page(incident, close_form=form, blocking=still.steps, reasons=reasons), 400
    except StepRefused:
        flash(_("The incident is closed."), "warning")
        return redirect(url_for("incidents.detail", incident_id=incident.id))
    db.session.commit()
    flash(_("The incident is closed."), "success")
    return redirect(url_for("incidents.detail", incident_id=incident.id))

