"""Import pages: upload a sheet, check the columns, see the preview, commit (in the request, or on the queue with
the job's page); the same for volunteers. Exports and the templates to fill are in export_pages.py."""
from __future__ import annotations

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..core.scoping import get_or_404, scoped
from ..extensions import db
from ..places.choices import area_places
from ..places.models import Place
from ..places.picker import picker_places
from ..web.access import COORDINATORS, STAFF, roles_required
from ..web.numbers import id_value, parse_id, parse_int
from . import store
from .blueprint import bp
from .commit import ImportRefused, commit_preview
from .forms import UploadForm
from .models import ImportRun
from .preview import Options, build_preview, importable_groups
from .sheets import FORMATS, MAX_COLUMNS, UnreadableFile, read_rows

def _places() -> list:
    """The place picker of the upload forms: the area's county and townships, the villages of the township chosen
    (``place`` of the form or the URL) or of the user's own, and the grids of the village chosen. A county's
    1,500 villages and 3,000 grids were 235 KB of options (issue 32)."""
    chosen_id = parse_id(request.form.get("place") or request.args.get("place"))
    chosen = db.session.execute(scoped(Place, current_user, select(Place.id, Place.parent_id, Place.level))
                                .where(Place.id == chosen_id)).first() if chosen_id else None
    village_id = None if chosen is None else chosen.id if chosen.level == "village" else (
        chosen.parent_id if chosen.level == "grid" else None)
    own = current_user.place
    if own is not None and own.level not in ("county", "township"):  # a village's user: their village and grids
        return area_places(current_user)
    rows = list(picker_places(current_user, village_id or (chosen.id if chosen else None)))
    if village_id:
        rows += db.session.execute(scoped(Place, current_user, select(Place.id, Place.name, Place.path, Place.level))
                                   .where(Place.parent_id == village_id, Place.level == "grid")).all()
    return rows


def _choose_place(form: UploadForm) -> None:
    """The place named in the URL (the township whose villages the picker opened) is the form's first choice."""
    wanted = parse_id(request.args.get("place"))
    if not form.is_submitted() and wanted in dict(form.place.choices):
        form.place.data = wanted


def _options_from(values) -> Options:
    """The import's choices as the forms carry them (place id, group, update, the mapping's fixes)."""
    place = get_or_404(Place, id_value("place", values), current_user)
    group = values.get("group") or None
    if group is not None and group not in importable_groups(current_user):
        abort(403)
    return Options(place, group, values.get("update") == "1", _mapping_from(values))


def _mapping_from(values) -> dict[int, str] | None:
    """The user's fixes to the column mapping (``col-<index>``: canonical header), when the form sent them."""
    if not values.get("mapped"):
        return None
    return {index: v for k, v in values.items()
            if k.startswith("col-") and (index := parse_int(k[4:], 0, MAX_COLUMNS)) is not None}


@bp.route("/import", methods=["GET", "POST"])
@roles_required(*STAFF)
def upload():
    """Choose a file, the place and the group; the next page is the preview."""
    form = UploadForm()
    form.fill_choices(_places(), importable_groups(current_user), request.args.get("group"))
    _choose_place(form)
    if form.validate_on_submit():
        upload_file = form.file.data
        name = upload_file.filename or "upload"
        if not name.lower().endswith(FORMATS):
            form.file.errors.append(_("Upload an Excel (.xlsx, .xls) or CSV file."))
        else:
            token = _kept(form)
            if token:
                return redirect(url_for("transfer.preview", token=token, place=form.place.data,
                                        group=form.group.data or "", update="1" if form.update.data else "0"))
    return render_template("transfer/upload.html", form=form, **_recent("ledger")), 400 if form.file.errors else 200


def _recent(what: str) -> dict:
    """The user's import jobs of the last day, for the upload page (one goes on when its page is left)."""
    from .jobs import recent_jobs
    return {"jobs": recent_jobs(current_user, what), "job_phase": job_phase}


def _kept(form: UploadForm) -> str | None:
    """Parse the uploaded sheet once and keep its rows (the token), or None with the reason on the file field:
    a damaged file, or one past a limit (its size unpacked, rows, a cell's length), named in the message."""
    name = form.file.data.filename or "upload"
    try:
        rows = read_rows(name, form.file.data.read())
    except UnreadableFile as error:
        form.file.errors.append(str(error))
        return None
    return store.keep(current_user.id, name, rows)


def _preview_for(token: str, values, kept=None):
    kept = kept or store.load(current_user.id, token)
    if kept is None:
        flash(_("This upload is no longer kept: please upload the file again."), "warning")
        return None, None
    options = _options_from(values)
    return build_preview(current_user, kept[0], kept[1], options), options


@bp.route("/import/<token>", methods=["GET", "POST"])
@roles_required(*STAFF)
def preview(token: str):
    """The guessed columns (fixable), every row with its outcome and every problem; nothing written yet."""
    values = request.form if request.method == "POST" else request.args
    result, options = _preview_for(token, values)
    if result is None:
        return redirect(url_for("transfer.upload"))
    return render_template("transfer/preview.html", preview=result, options=options, token=token,
                           group_names=_group_names(), what="ledger")


@bp.route("/import/<token>/commit", methods=["POST"])
@roles_required(*STAFF)
def commit(token: str):
    """Write everything in one transaction, or nothing: here, or for a sheet of more than
    ``GUANAI_IMPORT_QUEUE_ROWS`` rows by a worker, while the job's page shows how far it is (issue 32)."""
    from .jobs import on_queue
    kept = store.load(current_user.id, token)
    reason = request.form.get("outside_rules_reason", "").strip()[:300] or None
    if kept is not None and on_queue(kept[1]):
        return _hand_over("ledger", token, kept, _options_from(request.form), reason)
    result, options = _preview_for(token, request.form, kept)
    if result is None:
        return redirect(url_for("transfer.upload"))
    try:
        run = commit_preview(current_user, result, options.place.id, reason)
    except ImportRefused as refused:
        db.session.rollback()
        flash(_("Nothing was written: the sheet has problems."), "danger")
        return render_template("transfer/preview.html", preview=result, options=options, token=token,
                               group_names=_group_names(), what="ledger", refused=refused.cells), 400
    db.session.commit()
    store.drop(current_user.id, token)
    return _imported(run.counts, "ledger", options.group)


def _imported(counts: dict, what: str, group: str | None):
    """The page after an import is written (in the request or by a worker): its counts, then the list."""
    flash(_("Imported: %(new)s new, %(updated)s updated.", new=counts.get("written_new", 0),
            updated=counts.get("written_update", 0)), "success")
    if what == "volunteers":
        return redirect(url_for("volunteers.index"))
    if group:
        return redirect(url_for("ledger.index", group=group))
    return redirect(url_for("transfer.upload"))


def _hand_over(what: str, token: str, kept, options: Options, reason: str | None = None):
    """A large sheet's commit handed to the queue: the job stored and queued, then its page."""
    from .jobs import queue_import_job, start_import_job
    params = {"place": options.place.id, "group": options.group, "update": options.update, "reason": reason,
              "mapping": sorted(options.mapping.items()) if options.mapping is not None else None}
    job = start_import_job(current_user, what, token, kept[0], kept[1], params)
    db.session.commit()
    queue_import_job(job)
    flash(_("%(n)d rows are too many to write while you wait: a worker writes them, all or none, and this page "
            "shows how far it is.", n=job.rows), "info")
    return redirect(url_for("transfer.job", job_id=job.id))


def job_phase(job) -> str:
    """What the worker is doing with the import, in words for its page."""
    return {"queued": _("Waiting for a worker to write the import."),
            "checking": _("Reading the sheet and checking every row again."),
            "writing": _("Writing %(n)s rows in one transaction: nothing is kept unless every row is written.",
                         n=job.to_write),
            "finishing": _("Recording the import and bringing the duty lists up to date."),
            "done": _("Every row is written."),
            "refused": _("Nothing was written: the sheet has problems."),
            "failed": _("The import failed; nothing was written.")}.get(
        job.phase if job.status == "running" and job.phase else job.status, job.status)


def _own_job_or_404(job_id: int):
    from .jobs import job_of
    job = job_of(current_user, job_id)
    if job is None:
        abort(404)
    return job


def _preview_url(job) -> str | None:
    """The job's preview again (its upload is kept until it is written), with the choices it was made with."""
    if not store.exists(current_user.id, job.token):
        return None
    params = job.params
    args = {"place": params["place"], "update": "1" if params.get("update") else "0"}
    if params.get("mapping") is not None:
        args.update({"mapped": "1", **{f"col-{i}": m for i, m in params["mapping"]}})
    if job.what == "volunteers":
        return url_for("transfer.preview_volunteers", token=job.token, **args)
    return url_for("transfer.preview", token=job.token, group=params.get("group") or "", **args)


@bp.route("/jobs/<int:job_id>")
@roles_required(*STAFF)
def job(job_id: int):
    """A large import being written: its progress (the page follows it by itself); once written, the same page
    as after a commit in the request; refused or failed, why, with the way back to its preview."""
    job = _own_job_or_404(job_id)
    if job.status == "done":
        store.drop(current_user.id, job.token)
        run = db.session.get(ImportRun, job.import_run_id) if job.import_run_id else None
        return _imported(run.counts if run else {}, job.what, job.params.get("group"))
    return render_template("transfer/job.html", job=job, phase=job_phase(job), back=_preview_url(job))


@bp.route("/jobs/<int:job_id>/status")
@roles_required(*STAFF)
def job_status(job_id: int):
    job = _own_job_or_404(job_id)
    return jsonify(status=job.status, progress=job.progress, final=job.final, phase=job_phase(job))


@bp.context_processor
def rule_names():
    """The words of categories, services and outcomes, for the preview's columns (never their codes); each
    outcome's word once per page, not once per row (a translation looked up 10,000 times, issue 32)."""
    from ..core.texts import vocabularies
    from ..plugin.manager import current_plugins
    plugins = current_plugins()
    return {"outcome_names": {code: str(label) for code, label in vocabularies().choices("import_outcomes")},
            "category_names": {(code, c.code): c.name for code, g in plugins.groups.items() for c in g.categories},
            "service_names": {key: s.name for key, s in plugins.services.items()}}


def _group_names() -> dict[str, str]:
    from ..plugin.manager import current_plugins
    return {code: g.name for code, g in current_plugins().groups.items()}


# --- volunteers -------------------------------------------------------------------------------------

@bp.route("/volunteers/import", methods=["GET", "POST"])
@roles_required(*COORDINATORS)
def upload_volunteers():
    """Choose a volunteers sheet and the place it belongs to."""
    form = UploadForm()
    form.fill_choices(_places(), [], None)
    _choose_place(form)
    form.group.data = ""  # volunteers belong to no group's ledger
    if form.validate_on_submit() and (token := _kept(form)):
        return redirect(url_for("transfer.preview_volunteers", token=token, place=form.place.data,
                                update="1" if form.update.data else "0"))
    return render_template("transfer/upload.html", form=form, what="volunteers", **_recent("volunteers")), \
        400 if form.file.errors else 200


def _volunteer_preview(token: str, values, kept=None):
    from .volunteers import preview_volunteers
    kept = kept or store.load(current_user.id, token)
    if kept is None:
        flash(_("This upload is no longer kept: please upload the file again."), "warning")
        return None, None
    options = Options(get_or_404(Place, id_value("place", values), current_user), None, values.get("update") == "1",
                      _mapping_from(values))
    return preview_volunteers(current_user, kept[0], kept[1], options.place, options.update, options.mapping), options


@bp.route("/volunteers/import/<token>", methods=["GET", "POST"])
@roles_required(*COORDINATORS)
def preview_volunteers(token: str):
    result, options = _volunteer_preview(token, request.values)
    if result is None:
        return redirect(url_for("transfer.upload_volunteers"))
    return render_template("transfer/preview.html", preview=result, options=options, token=token,
                           group_names={}, what="volunteers")


@bp.route("/volunteers/import/<token>/commit", methods=["POST"])
@roles_required(*COORDINATORS)
def commit_volunteers_page(token: str):
    """Write every volunteer of the sheet or none: here, or on the queue beyond ``GUANAI_IMPORT_QUEUE_ROWS`` rows."""
    from .jobs import on_queue
    from .volunteers import commit_volunteers
    kept = store.load(current_user.id, token)
    if kept is not None and on_queue(kept[1]):
        options = Options(get_or_404(Place, id_value("place", request.form), current_user), None,
                          request.form.get("update") == "1", _mapping_from(request.form))
        return _hand_over("volunteers", token, kept, options)
    result, options = _volunteer_preview(token, request.form, kept)
    if result is None:
        return redirect(url_for("transfer.upload_volunteers"))
    try:
        run = commit_volunteers(current_user, result, options.place.id)
    except ImportRefused:
        db.session.rollback()
        flash(_("Nothing was written: the sheet has problems."), "danger")
        return redirect(url_for("transfer.preview_volunteers", token=token, place=options.place.id))
    db.session.commit()
    store.drop(current_user.id, token)
    return _imported(run.counts, "volunteers", None)
