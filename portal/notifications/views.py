"""The notification centre: the list, opening one (marks it read), marking all read, and preferences."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from werkzeug.routing import BuildError

from ..extensions import db
from ..web.pagination import paginate
from .kinds import KINDS, default_channel, kind_label
from .models import CHANNELS, Notification, NotificationPreference, NotificationSetting
from .service import mark_read, set_preferences

bp = Blueprint("notifications", __name__, url_prefix="/notifications", template_folder="templates")


def link(note: Notification) -> str | None:
    if not note.endpoint:
        return None
    try:
        return url_for(note.endpoint, **(note.endpoint_args or {}))
    except BuildError:  # a page of a plugin switched off since
        return None


@bp.route("/")
@login_required
def index():
    stmt = select(Notification).where(Notification.user_id == current_user.id).order_by(Notification.id.desc())
    if request.args.get("unread"):
        stmt = stmt.where(Notification.read_at.is_(None))
    return render_template("notifications/index.html", page=paginate(stmt), link=link,
                           unread_only=bool(request.args.get("unread")))


@bp.route("/<int:note_id>", methods=["POST"])
@login_required
def open_one(note_id: int):
    """Mark one read and go where it points (or back to the list)."""
    note = db.session.get(Notification, note_id)
    if note is None or note.user_id != current_user.id:
        abort(404)
    mark_read(current_user, [note.id])
    db.session.commit()
    return redirect(link(note) or url_for("notifications.index"))


@bp.route("/read", methods=["POST"])
@login_required
def read_all():
    n = mark_read(current_user)
    db.session.commit()
    flash(_("%(n)d notifications marked read.", n=n), "info")
    return redirect(url_for("notifications.index"))


@bp.route("/preferences", methods=["GET", "POST"])
@login_required
def preferences():
    """Per kind: in the portal only, by email at once, or in a daily email; and the address."""
    if request.method == "POST":
        email = request.form.get("email", "").strip()
        if email and ("@" not in email or len(email) > 254):
            flash(_("Please give a valid email address."), "error")
        else:
            set_preferences(current_user, email, {k: request.form.get(f"kind-{k}", "portal") for k in KINDS})
            db.session.commit()
            flash(_("Your notification settings are saved."), "success")
            return redirect(url_for("notifications.preferences"))
    setting = db.session.get(NotificationSetting, current_user.id)
    chosen = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.channel).where(
        NotificationPreference.user_id == current_user.id)).all())
    channel_labels = {"portal": _("In the portal only"), "email": _("Email at once"), "digest": _("Daily email")}
    return render_template("notifications/preferences.html", kinds=[(k, kind_label(k)) for k in KINDS],
                           chosen={k: chosen.get(k, default_channel(k)) for k in KINDS}, channels=CHANNELS, channel_labels=channel_labels,
                           email=setting.email if setting else "")
