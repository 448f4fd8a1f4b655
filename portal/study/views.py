"""Study pages: a pairing's plan for this term (made for a phone: the plan, progress entries, the summary), the
person's printable progress archive, and the coordinator's list of missing plans."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..assignment.models import Pairing
from ..core.scoping import get_or_404, scoped
from ..core.spreadsheets import csv_download
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..web.access import STAFF, roles_required
from .missing import missing_counts, missing_plans
from .models import ProgressEntry, StudyPlan
from .plans import (StudyRefused, add_progress, current_term, keeps_plans, may_write, plan_for, rules_of,
                    save_plan, save_summary)
from .terms import term_of

bp = Blueprint("study", __name__, url_prefix="/study", template_folder="templates", static_folder="static")


def _pairing(pairing_id: int) -> Pairing:
    """A pairing of a study service the user sees (its helper, or staff who see the person), else 404."""
    pairing = get_or_404(Pairing, pairing_id, current_user)
    if not keeps_plans(pairing) or db.session.execute(
            scoped(Beneficiary, current_user).where(Beneficiary.id == pairing.beneficiary_id)).first() is None:
        abort(404)
    return pairing


def _render_pairing(pairing: Pairing, status=200, refused: StudyRefused | None = None, form="", typed=None):
    term = current_term(pairing)
    rules = rules_of(pairing.beneficiary.group)
    return render_template("study/pairing.html", pairing=pairing, person=pairing.beneficiary, term=term,
                           plan=plan_for(pairing, term), rules=rules, may_write=may_write(current_user, pairing),
                           today=local_today(), refused=refused, form=form, typed=typed or {},
                           service=current_plugins().services.get(pairing.service)), status


@bp.route("/pairing/<int:pairing_id>")
@login_required
def pairing(pairing_id: int):
    """This term's plan of a tutoring pairing, its progress, and the forms to keep them."""
    return _render_pairing(_pairing(pairing_id))


def _kept(pairing: Pairing, part: str, keep):
    if not may_write(current_user, pairing):
        abort(403)
    try:
        keep()
    except StudyRefused as refused:
        db.session.rollback()
        return _render_pairing(pairing, 400, refused, part, request.form.to_dict())
    db.session.commit()
    flash(_("Saved."), "success")
    return redirect(url_for("study.pairing", pairing_id=pairing.id) + f"#{part}")


@bp.route("/pairing/<int:pairing_id>/plan", methods=["POST"])
@login_required
def plan(pairing_id: int):
    """Write or rewrite this term's plan: when, what, the progress expected."""
    found = _pairing(pairing_id)
    return _kept(found, "plan", lambda: save_plan(current_user, found, request.form.to_dict()))


def _plan_of(pairing: Pairing) -> StudyPlan:
    found = plan_for(pairing, current_term(pairing))
    if found is None:
        raise StudyRefused("term_start", _("Write this term's plan first."))
    return found


@bp.route("/pairing/<int:pairing_id>/progress", methods=["POST"])
@login_required
def progress(pairing_id: int):
    """A progress entry on this term's plan: a mark and/or a note."""
    found = _pairing(pairing_id)
    return _kept(found, "progress", lambda: add_progress(current_user, _plan_of(found), request.form.to_dict()))


@bp.route("/pairing/<int:pairing_id>/summary", methods=["POST"])
@login_required
def summary(pairing_id: int):
    """The term summary of this term's plan."""
    found = _pairing(pairing_id)
    return _kept(found, "summary", lambda: save_summary(current_user, _plan_of(found), request.form.to_dict()))


@bp.route("/person/<int:person_id>")
@login_required
def archive(person_id: int):
    """The person's progress archive (进步档案): every plan, term by term, with its entries and summary; printable."""
    person = get_or_404(Beneficiary, person_id, current_user)
    rules = rules_of(person.group)
    if rules is None:
        abort(404)
    plans = list(db.session.execute(scoped(StudyPlan, current_user).where(StudyPlan.beneficiary_id == person.id)
                                    .order_by(StudyPlan.term_start.desc(), StudyPlan.id)).scalars())
    entries: dict[int, list[ProgressEntry]] = {p.id: [] for p in plans}
    for entry in db.session.execute(select(ProgressEntry).where(ProgressEntry.plan_id.in_(list(entries)))
                                    .order_by(ProgressEntry.entry_on, ProgressEntry.id)).scalars():
        entries[entry.plan_id].append(entry)
    terms = {p.id: term_of(rules, p.term_start) for p in plans}
    return render_template("study/archive.html", person=person, plans=plans, entries=entries, terms=terms,
                           group=current_plugins().group(person.group),
                           services={k: s for k, s in current_plugins().services.items()})


@bp.route("/missing")
@roles_required(*STAFF)
def missing():
    """Tutoring pairings with no plan a month into the term, and their counts by village; the same as CSV."""
    rows = missing_plans(current_user)
    services = current_plugins().services
    if request.args.get("format") == "csv":
        return csv_download(
            [_("Person id"), _("Name"), _("Village"), _("Service"), _("Helper"), _("Paired since"), _("Term"),
             _("Days late")],
            [[r.person_id, r.name, r.place, services[r.service].name if r.service in services else r.service,
              r.helper, r.started_on, r.term_start, r.days_late] for r in rows], "study-plans-missing.csv")
    return render_template("study/missing.html", rows=rows, counts=missing_counts(current_user),
                           services=services)
