"""Pages of the health file: the file of one person (made for a phone), its forms, and the flagged list."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..core.scoping import get_or_404, scoped
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..web.access import roles_required
from .access import KEEPERS, may_correct, may_edit, parts_for
from .chart import readings_chart
from .flagged import flagged_people
from .keeping import add_condition, add_illness, add_vaccination, facts_of, save_facts
from .models import Condition, Illness, Reading, Vaccination
from .readings import KINDS, LABELS, HealthRefused, correct_reading, ranges_for, record_reading

bp = Blueprint("health", __name__, url_prefix="/health", template_folder="templates")


def _rows(model, person, order):
    return list(db.session.execute(scoped(model, current_user).where(model.beneficiary_id == person.id)
                                   .order_by(*order)).scalars())


def _render(person, status=200, refused: HealthRefused | None = None, form: str = "", typed=None):
    parts = parts_for(current_user)
    rules = current_plugins().health_rules(person.group)
    readings = _rows(Reading, person, (Reading.taken_on, Reading.id))
    by_kind = {k: [r for r in readings if r.kind == k and not r.superseded] for k in KINDS}
    charts = {"bp": readings_chart(by_kind["bp"], ("systolic", "diastolic"), rules.ranges, _("Blood pressure")),
              "glucose": readings_chart(by_kind["glucose"], ("glucose",), rules.ranges, _("Blood sugar")),
              "growth": readings_chart(by_kind["growth"], ("height", "weight"), rules.ranges, _("Height and weight"))}
    context = {"person": person, "parts": parts, "rules": rules, "readings": list(reversed(readings)),
               "charts": charts, "kinds": KINDS, "today": local_today(), "may_edit": may_edit(current_user),
               "may_correct": lambda r: may_correct(current_user, r), "labels": LABELS,
               "facts": facts_of(person) if "care" in parts else None, "refused": refused, "form": form,
               "typed": typed or {}, "group": current_plugins().group(person.group),
               "conditions": _rows(Condition, person, (Condition.since,)) if "conditions" in parts else [],
               "vaccinations": _rows(Vaccination, person, (Vaccination.given_on,)) if "vaccinations" in parts else [],
               "illnesses": _rows(Illness, person, (Illness.found_on.desc(),)) if "illnesses" in parts else []}
    return render_template("health/file.html", **context), status


@bp.route("/person/<int:person_id>")
@login_required
def file(person_id: int):
    """The person's health file, as much of it as the user's role sees."""
    return _render(get_or_404(Beneficiary, person_id, current_user))


@bp.route("/person/<int:person_id>/reading", methods=["POST"])
@login_required
def reading(person_id: int):
    """Add a reading: anyone who sees the person (their paired helper included)."""
    person = get_or_404(Beneficiary, person_id, current_user)
    try:
        row = record_reading(current_user, person, request.form.to_dict())
    except HealthRefused as refused:
        db.session.rollback()
        return _render(person, 400, refused, "reading-" + request.form.get("kind", ""), request.form.to_dict())
    db.session.commit()
    if row.flagged:
        ranges = ranges_for(person.group, person, row.taken_on)
        what = "; ".join(f"{LABELS[m]} {ranges[m][0]:g}–{ranges[m][1]:g}" for m in row.flags.split(",") if m in ranges)
        flash(_("Saved. The reading is outside the normal range (%(ranges)s): the person is flagged for staff.",
                ranges=what), "warning")
    else:
        flash(_("Saved."), "success")
    return redirect(url_for("health.file", person_id=person.id) + "#readings")


@bp.route("/reading/<int:reading_id>/correct", methods=["POST"])
@login_required
def correct(reading_id: int):
    """Correct a reading typed wrong: staff and coordinators, or whoever recorded it; the original is kept."""
    original = get_or_404(Reading, reading_id, current_user)
    person = get_or_404(Beneficiary, original.beneficiary_id, current_user)
    if not may_correct(current_user, original):
        abort(403)
    try:
        correct_reading(current_user, person, original, request.form.to_dict())
    except HealthRefused as refused:
        db.session.rollback()
        return _render(person, 400, refused, f"correct-{original.id}", request.form.to_dict())
    db.session.commit()
    flash(_("Corrected. The original reading is kept, marked as corrected."), "success")
    return redirect(url_for("health.file", person_id=person.id) + "#reading-history")


KEEPING = {"facts": save_facts, "condition": add_condition, "vaccination": add_vaccination, "illness": add_illness}


@bp.route("/person/<int:person_id>/<part>", methods=["POST"])
@roles_required(*KEEPERS)
def keep(person_id: int, part: str):
    """Save the facts, or add a chronic condition, a vaccination or an illness (staff and coordinators)."""
    if part not in KEEPING:
        abort(404)
    person = get_or_404(Beneficiary, person_id, current_user)
    try:
        KEEPING[part](current_user, person, request.form.to_dict())
    except HealthRefused as refused:
        db.session.rollback()
        return _render(person, 400, refused, part, request.form.to_dict())
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("health.file", person_id=person.id) + f"#{part}")


@bp.route("/flagged")
@roles_required(*KEEPERS)
def flagged():
    """People whose latest reading of a kind is outside their group's range, by village."""
    rows = flagged_people(current_user)
    names = {p.id: p.full_name for p in db.session.execute(
        db.select(Place).where(Place.id.in_({r.place_id for r in rows}))).scalars()} if rows else {}
    return render_template("health/flagged.html", rows=rows, names=names, kinds=KINDS)
