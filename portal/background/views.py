"""A user's files made on the queue: the list, a file's progress page, its status for the bar, the download."""
from __future__ import annotations

from urllib.parse import quote

from flask import Blueprint, Response, abort, jsonify, render_template
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .files import expired, job_of, jobs_of

bp = Blueprint("files", __name__, url_prefix="/files", template_folder="templates")


def phase_text(job) -> str:
    """What the worker is doing with the file, in words for the progress page."""
    return {"queued": _("Waiting for a worker to make the file."),
            "running": _("The file is being made."),
            "ready": _("The file is ready."),
            "failed": _("The file could not be made.")}.get(job.status, job.status)


def _own_or_404(job_id: int):
    job = job_of(current_user, job_id)
    if job is None:
        abort(404)
    return job


@bp.route("/")
@login_required
def index():
    """The files the user asked for that have not expired, newest first."""
    return render_template("files/index.html", jobs=jobs_of(current_user), phase_text=phase_text, expired=expired)


@bp.route("/<int:job_id>")
@login_required
def detail(job_id: int):
    """The file's progress while a worker makes it; then its download link (or why it failed)."""
    job = _own_or_404(job_id)
    return render_template("files/detail.html", job=job, phase=phase_text(job), gone=expired(job))


@bp.route("/<int:job_id>/status")
@login_required
def status(job_id: int):
    job = _own_or_404(job_id)
    return jsonify(status=job.status, progress=job.progress, final=job.final, phase=phase_text(job))


@bp.route("/<int:job_id>/download")
@login_required
def download(job_id: int):
    """The file, to its owner only, until it expires."""
    job = _own_or_404(job_id)
    if job.status != "ready" or expired(job):
        abort(404)
    response = Response(job.content or b"", content_type=job.mimetype)
    response.headers["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(job.filename)}"
    response.headers["Cache-Control"] = "no-store"  # names, phones and ID numbers: kept by no cache
    return response
