"""Match runs for coordinators: start one, watch it, cancel or retry it, review the proposal, lock or forbid, commit."""
from __future__ import annotations

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from sqlalchemy.orm import selectinload
from wtforms import SelectField
from wtforms.validators import DataRequired

from ..core.audit import record
from ..core.scoping import get_or_404, scoped
from ..core.texts import vocabularies
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..places.picker import picker_places
from ..plugin.manager import current_plugins
from ..web.access import COORDINATORS, roles_required
from ..web.forms import LongSelect
from ..web.numbers import id_arg, id_field, parse_id
from ..web.pagination import paginate, paginate_list
from .by_hand import AssignRefused, assign_by_hand, candidates
from .committing import hand_over_commit, queue_commit
from .models import MatchRun
from .review import place_rows, summary
from .runs import ACTIVE, WORKING, cancel_run, create_run, queue_run, reap_stale_runs, retry_run
from ..places.choices import place_choices

bp = Blueprint("runs", __name__, url_prefix="/runs", template_folder="templates")
#: A run in these states has a proposal to review.
SOLVED = ("proposed", "committed")


class RunForm(FlaskForm):
    service = SelectField(_l("Service"), validators=[DataRequired()])
    role = SelectField(_l("Helper role"), default="volunteer")
    place_id = SelectField(_l("Area"), coerce=int, widget=LongSelect())


def _fill(form: RunForm) -> None:
    plugins = current_plugins()
    services = sorted((s for s in plugins.services.values() if s.delivery == "pairing"), key=lambda s: not s.main)
    form.service.choices = [(s.key, f"{plugins.group(s.group).name} · {s.name}") for s in services]
    roles = sorted({r for s in services for r in s.helper_roles})
    form.role.choices = [(r, role_label(r)) for r in roles]
    # The compact picker of the ledger pages: the area's townships, and the villages of one's own township
    # or of the township holding the chosen place (a county has 1,500 villages).
    chosen = parse_id(request.form.get("place_id")) if request.method == "POST" else \
        id_arg("place_id") or id_arg("place")
    form.place_id.choices = place_choices(picker_places(current_user, chosen))
    if request.method == "GET" and chosen:  # "Show its villages" keeps what was chosen
        form.place_id.data = chosen
        form.service.data = request.args.get("service", form.service.data)
        form.role.data = request.args.get("role", form.role.data)


def role_label(role: str) -> str:
    return vocabularies().label("helper_roles", role)


@bp.route("/", methods=["GET", "POST"])
@roles_required(*COORDINATORS)
def index():
    form = RunForm()
    _fill(form)
    if form.validate_on_submit():
        service = current_plugins().services[form.service.data]
        if form.role.data not in service.helper_roles:
            form.role.errors.append(_("This service asks for: %(roles)s.",
                                      roles=", ".join(role_label(r) for r in service.helper_roles)))
        else:
            place = get_or_404(Place, form.place_id.data, current_user)
            run = create_run(current_user, service, form.role.data, place)
            queue_run(run.id)
            return redirect(url_for("runs.detail", run_id=run.id))
    page = paginate(scoped(MatchRun, current_user).options(
        selectinload(MatchRun.place), selectinload(MatchRun.created_by)).order_by(MatchRun.id.desc()))
    return render_template("runs/index.html", form=form, page=page, services=current_plugins().services)


@bp.route("/<int:run_id>")
@roles_required(*COORDINATORS)
def detail(run_id: int):
    """The run's progress while it works; once solved, its summary and the list of its villages."""
    run = get_or_404(MatchRun, run_id, current_user)
    service = current_plugins().services.get(run.service)
    data = summary(run) if run.status in SOLVED else None
    return render_template("runs/detail.html", run=run, service=service, review=data, role_label=role_label,
                           places=paginate_list(data.places) if data else None, phase=phase_text(run.status))


@bp.route("/<int:run_id>/places/<int:place_id>")
@roles_required(*COORDINATORS)
def place(run_id: int, place_id: int):
    """The proposal for the people of one village of the run, a page at a time, with lock and forbid."""
    run = get_or_404(MatchRun, run_id, current_user)
    village = get_or_404(Place, place_id, current_user)
    if run.status not in SOLVED or not village.path.startswith(run.place.path):
        abort(404)
    rows = place_rows(run, village.id)
    return render_template("runs/place.html", run=run, village=village, page=paginate_list(rows.rows),
                           ended=rows.ended, service=current_plugins().services.get(run.service),
                           role_label=role_label)


def phase_text(status: str) -> str:
    """What the worker is doing with a run that is not finished, in words for the progress page."""
    return {"queued": _("Waiting for a worker to take the run."),
            "building": _("Reading the people and volunteers of the area from the ledger."),
            "running": _("The run is being solved."),
            "committing": _("Writing the pairings to the ledger.")}.get(status, "")


@bp.route("/<int:run_id>/status")
@roles_required(*COORDINATORS)
def status(run_id: int):
    run = get_or_404(MatchRun, run_id, current_user)
    if run.status in (*WORKING, "committing"):  # a run whose worker died is noticed here too, not only by workers
        reap_stale_runs(run.id)
        db.session.refresh(run)
    return jsonify(status=run.status, progress=run.progress, final=run.status not in ACTIVE,
                   phase=phase_text(run.status))


@bp.route("/<int:run_id>/cancel", methods=["POST"])
@roles_required(*COORDINATORS)
def cancel(run_id: int):
    """Stop a queued or running run; a worker still solving it throws its result away."""
    run = get_or_404(MatchRun, run_id, current_user)
    if cancel_run(current_user, run):
        db.session.commit()
        flash(_("The run is cancelled."), "info")
    else:
        flash(_("Only a queued or running run can be cancelled."), "warning")
    return redirect(url_for("runs.detail", run_id=run_id))


@bp.route("/<int:run_id>/retry", methods=["POST"])
@roles_required(*COORDINATORS)
def retry(run_id: int):
    """Solve a failed or cancelled run again, with the instance it stored."""
    run = get_or_404(MatchRun, run_id, current_user)
    if retry_run(current_user, run):
        db.session.commit()
        queue_run(run_id)
        flash(_("The run is queued again."), "info")
    else:
        flash(_("Only a failed or cancelled run can be retried."), "warning")
    return redirect(url_for("runs.detail", run_id=run_id))


@bp.route("/<int:run_id>/adjust", methods=["POST"])
@roles_required(*COORDINATORS)
def adjust(run_id: int):
    """Lock or forbid a pair (or undo it) and run again with everything else the same."""
    run = get_or_404(MatchRun, run_id, current_user)
    action = request.form.get("action")
    pair = [id_field("beneficiary"), id_field("volunteer")]
    if None in pair:
        abort(400)
    params = {"locked": [p for p in run.params.get("locked", []) if p != pair],
              "forbidden": [p for p in run.params.get("forbidden", []) if p != pair]}
    if action in ("lock", "forbid"):
        params["locked" if action == "lock" else "forbidden"].append(pair)
    elif action != "clear":
        abort(400)
    service = current_plugins().services[run.service]
    # The coordinator's decision on the pair, audited on the run it was taken from, before -> after.
    record(current_user, action, "match_run", run.id,
           {k: run.params.get(k, []) for k in ("locked", "forbidden")}, {**params, "pair": pair})
    child = create_run(current_user, service, run.role, run.place, params, parent=run)
    queue_run(child.id)
    return redirect(url_for("runs.detail", run_id=child.id))


@bp.route("/<int:run_id>/adjust-many", methods=["POST"])
@roles_required(*COORDINATORS)
def adjust_many(run_id: int):
    """Several locks, forbids and unlocks chosen on a village's page, then one run again (issue 27)."""
    run = get_or_404(MatchRun, run_id, current_user)
    locked = [list(p) for p in run.params.get("locked", [])]
    forbidden = [list(p) for p in run.params.get("forbidden", [])]
    changes = []
    for key, action in request.form.items():
        if not key.startswith("pair-") or action not in ("lock", "forbid", "clear"):
            continue
        parts = key.split("-")
        pair = [parse_id(parts[1]) if len(parts) == 3 else None, parse_id(parts[2]) if len(parts) == 3 else None]
        if None in pair:
            abort(400)
        locked = [p for p in locked if p != pair]
        forbidden = [p for p in forbidden if p != pair]
        if action != "clear":
            (locked if action == "lock" else forbidden).append(pair)
        changes.append({"pair": pair, "action": action})
    if not changes:
        flash(_("Nothing was changed: choose lock or forbid for a pair first."), "info")
        return redirect(request.referrer or url_for("runs.detail", run_id=run.id))
    params = {"locked": locked, "forbidden": forbidden}
    record(current_user, "adjust", "match_run", run.id,
           {k: run.params.get(k, []) for k in ("locked", "forbidden")}, {**params, "changes": changes})
    child = create_run(current_user, current_plugins().services[run.service], run.role, run.place, params, parent=run)
    queue_run(child.id)
    flash(_("%(n)d changes: the run is made again once with all of them.", n=len(changes)), "info")
    return redirect(url_for("runs.detail", run_id=child.id))


@bp.route("/<int:run_id>/assign/<int:person_id>", methods=["GET", "POST"])
@roles_required(*COORDINATORS)
def assign(run_id: int, person_id: int):
    """Pair a person the run left unassigned with a helper by hand, among those the hard rules allow."""
    run = get_or_404(MatchRun, run_id, current_user)
    person = get_or_404(Beneficiary, person_id, current_user)
    if run.status not in SOLVED:
        abort(404)
    if request.method == "POST":
        try:
            assign_by_hand(current_user, run, person.id, parse_id(request.form.get("volunteer")) or 0)
        except AssignRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_("%(name)s is paired by hand; the helper is asked to accept.", name=person.name), "success")
            return redirect(url_for("runs.place", run_id=run.id, place_id=person.place_id))
    return render_template("runs/assign.html", run=run, person=person, rows=candidates(run, person.id),
                           service=current_plugins().services.get(run.service), role_label=role_label)


@bp.route("/<int:run_id>/commit", methods=["POST"])
@roles_required(*COORDINATORS)
def commit(run_id: int):
    """Hand the proposal to a worker that writes it (a county's 20,000 pairings outlast a request)."""
    run = get_or_404(MatchRun, run_id, current_user)
    if run.status != "proposed":
        flash(_("Only a finished proposal can be committed."), "warning")
    elif hand_over_commit(current_user, run):
        queue_commit(run_id)
        flash(_("The pairings are being written; this page shows when they are."), "info")
    else:
        flash(_("This run has already been committed or replaced."), "warning")
    return redirect(url_for("runs.detail", run_id=run_id))
