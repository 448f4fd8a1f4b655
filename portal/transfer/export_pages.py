"""Export pages: the ledger, volunteers and pairings lists as shown, to .xlsx or .csv (streamed, or made on the
queue beyond GUANAI_EXPORT_QUEUE_ROWS rows), and each group's empty sheet to fill and import."""
from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Response, abort, current_app, flash, redirect, request, stream_with_context, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import Select, func, select

from ..core.scoping import get_or_404, scoped
from ..extensions import db
from ..places.models import Place
from ..web.access import STAFF, can_open_group, roles_required
from ..web.numbers import id_arg
from .blueprint import bp


@bp.route("/template/<group>.xlsx")
@roles_required(*STAFF)
def template(group: str):
    """An empty sheet with the group's columns, to fill in and import."""
    from ..plugin.manager import current_plugins
    from .columns import export_columns
    if group not in current_plugins().groups:
        abort(404)
    header = [c.name for c in export_columns(group)]
    return _send("xlsx", header, iter(()), f"{current_plugins().group(group).name}-{_('template')}", group)


def _send(kind: str, header, rows, filename: str, title: str) -> Response:
    from .export import MIME, chunks
    if kind not in MIME:
        abort(404)
    response = Response(stream_with_context(chunks(kind, header, rows, title)), content_type=MIME[kind])
    response.headers["Cache-Control"] = "no-store"  # names, phones and ID numbers: kept by no cache
    # An ASCII name for old clients, the real (Chinese) one for the rest (RFC 6266).
    response.headers["Content-Disposition"] = (f"attachment; filename=\"{title}.{kind}\"; "
                                               f"filename*=UTF-8''{_quote(filename)}.{kind}")
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote
    return quote(name)


@dataclass
class Export:
    """A list to write: its header, its rows (read as they are written), names, and the statement they come from
    (to count them first)."""

    header: list[str]
    rows: Iterator[list[Any]]
    filename: str
    title: str
    stmt: Select


def ledger_export(group: str) -> Export:
    """The group's ledger list as shown, with its search and filters."""
    from ..ledger.views import ledger_statement
    from ..plugin.manager import current_plugins
    from .export import ledger_rows
    if group not in current_plugins().groups or not can_open_group(current_user, group):
        abort(404)
    stmt = ledger_statement(group, request.args)
    header, rows = ledger_rows(current_user, group, stmt)
    return Export(header, rows, current_plugins().group(group).name, group, stmt)


def volunteers_export() -> Export:
    """The volunteers list as shown (search and status kept)."""
    from ..volunteers.views import volunteers_statement
    from .export import volunteer_rows
    stmt = volunteers_statement(request.args)
    header, rows = volunteer_rows(stmt)
    return Export(header, rows, _("Volunteers"), "volunteers", stmt)


def pairings_export() -> Export:
    """The active pairings of the user's area (or of ``place`` in it)."""
    from ..assignment.models import Pairing
    from ..ledger.models import Beneficiary
    from ..places.models import subtree_ids
    from .export import pairing_rows
    stmt = scoped(Pairing, current_user).where(Pairing.status == "active")
    place_id = id_arg("place")
    if place_id:
        place = get_or_404(Place, place_id, current_user)
        stmt = stmt.where(Pairing.beneficiary_id.in_(
            select(Beneficiary.id).where(Beneficiary.place_id.in_(subtree_ids(place)))))
    stmt = stmt.order_by(Pairing.service, Pairing.id)
    header, rows = pairing_rows(stmt)
    return Export(header, rows, _("Pairings"), "pairings", stmt)


#: Each export page's list, by endpoint: the page answers with it, and so does the worker making it on the queue.
EXPORTS = {"transfer.export_ledger": ledger_export, "transfer.export_volunteers": volunteers_export,
           "transfer.export_pairings": pairings_export}


def count_rows(stmt: Select) -> int:
    return db.session.execute(select(func.count()).select_from(stmt.order_by(None).subquery())).scalar_one()


def _export(kind: str, build: Callable[..., Export], **view_args) -> Response:
    """The export streamed here, or, beyond ``GUANAI_EXPORT_QUEUE_ROWS`` rows, made on the queue (issue 32: five
    county exports at once were 500s at gunicorn's 30 s): a redirect to the file's page."""
    from ..background.files import making_file, start_file_job
    from .export import MIME
    if kind not in MIME:
        abort(404)
    export = build(**view_args)
    if not making_file():
        rows = count_rows(export.stmt)
        if rows > current_app.config["GUANAI_EXPORT_QUEUE_ROWS"]:
            name = f"{export.filename}.{kind}"
            job = start_file_job(current_user, "transfer.make_export", _("Export: %(name)s", name=name), name,
                                 MIME[kind], params={"kind": kind, "rows": rows})
            flash(_("%(n)d rows are too many to write while you wait: the file is being made, this page shows how "
                    "far it is, and the bell tells you when it is ready.", n=rows), "info")
            return redirect(url_for("files.detail", job_id=job.id))
    return _send(kind, export.header, export.rows, export.filename, export.title)


def make_export(job_id: int) -> None:
    """The queue's task: the export the user asked for, as they would have had it, rows read in batches."""
    from ..background.files import run_file_job
    from .export import chunks

    def make(job, progress):
        args = {k: v for k, v in (request.view_args or {}).items() if k != "kind"}
        export = EXPORTS[request.url_rule.endpoint](**args)
        rows = progress.rows(export.rows, job.params.get("rows", 0))
        return chunks(job.params["kind"], export.header, rows, export.title)
    run_file_job(job_id, make)


@bp.route("/export/g/<group>.<kind>")
@roles_required(*STAFF)
def export_ledger(group: str, kind: str):
    """The group's ledger list as shown, with its search and filters, to .xlsx or .csv."""
    return _export(kind, ledger_export, group=group)


@bp.route("/export/volunteers.<kind>")
@roles_required(*STAFF)
def export_volunteers(kind: str):
    """The volunteers list as shown (search and status kept), to .xlsx or .csv."""
    return _export(kind, volunteers_export)


@bp.route("/export/pairings.<kind>")
@roles_required(*STAFF)
def export_pairings(kind: str):
    """The active pairings of the user's area (or of ``place`` in it), to .xlsx or .csv."""
    return _export(kind, pairings_export)
