"""The audit log for administrators: who changed what and when, before -> after, with filters."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from flask import Blueprint, render_template, request
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.audit import AuditEntry
from ..core.texts import vocabularies
from ..core.time import from_local
from ..plugin.manager import current_plugins
from ..web.access import ADMINS, roles_required
from ..web.forms import FIRST_YEAR, LAST_YEAR, form_labels
from ..web.pagination import paginate
from .audit_values import ValueTexts, entry_rows
from .models import User

bp = Blueprint("audit_log", __name__, url_prefix="/admin/audit", template_folder="templates")


def _day(raw: str | None):
    """A day typed in the filter, or None (ignored) when it is no date or lies outside the years a form takes:
    year 1 overflowed the conversion to UTC (issue 26)."""
    try:
        day = datetime.strptime(raw or "", "%Y-%m-%d")
    except ValueError:
        return None
    return day if FIRST_YEAR <= day.year <= LAST_YEAR else None


def field_labels() -> dict[str, object]:
    """Every feature's field labels, and each group's profile fields as ``profile.<name>``."""
    labels = dict(vocabularies().choices("audit_fields"))
    for group in current_plugins().groups.values():
        if group.profile_form is not None:
            labels.update(form_labels(group.profile_form, "profile."))
    return labels


def rows_of(entry: AuditEntry, labels: dict, texts: ValueTexts | None = None) -> list[tuple[str, str, str]]:
    """(field, before, after) in words for each field the entry changed (every field of a created record)."""
    before, after = entry.before or {}, entry.after or {}
    fields = entry.changed_fields() if before else sorted(k for k in after if k != "version")
    return entry_rows(entry, labels, texts or ValueTexts(current_user), fields)


@bp.route("/")
@roles_required(*ADMINS)
def index():
    """The log, newest first, filtered by user name, kind of record, action and days (local)."""
    stmt = select(AuditEntry).options(selectinload(AuditEntry.user)).order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    filters = {k: request.args.get(k, "").strip() for k in ("user", "entity", "action", "since", "until")}
    if filters["user"]:
        stmt = stmt.join(User, AuditEntry.user_id == User.id).where(User.username == filters["user"])
    if filters["entity"]:
        stmt = stmt.where(AuditEntry.entity == filters["entity"])
    if filters["action"]:
        stmt = stmt.where(AuditEntry.action == filters["action"])
    since, until = _day(filters["since"]), _day(filters["until"])
    if since:
        stmt = stmt.where(AuditEntry.at >= from_local(since))
    if until:
        stmt = stmt.where(AuditEntry.at < from_local(datetime.combine(until.date() + timedelta(days=1), time())))
    page = paginate(stmt)
    labels, texts = field_labels(), ValueTexts(current_user)
    return render_template("admin/audit.html", page=page, filters=filters,
                           rows={e.id: rows_of(e, labels, texts) for e in page.items})
