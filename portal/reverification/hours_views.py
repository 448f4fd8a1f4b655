"""Hours to confirm: staff and coordinators confirm the hours logged in their area before they count."""
from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..activities.models import HoursEntry
from ..core.scoping import get_or_404, scoped
from ..extensions import db
from ..web.access import STAFF, roles_required
from ..web.pagination import page_number, paginate
from .blueprint import bp
from .hours import confirm_hours, unconfirmed


@bp.route("/hours")
@roles_required(*STAFF)
def hours():
    """Hours logged and not yet confirmed, oldest first."""
    stmt = (scoped(HoursEntry, current_user).options(selectinload(HoursEntry.volunteer), selectinload(HoursEntry.activity))
            .where(unconfirmed()).order_by(HoursEntry.day, HoursEntry.id))
    return render_template("reverification/hours.html", page=paginate(stmt))


@bp.route("/hours/<int:entry_id>/confirm", methods=["POST"])
@roles_required(*STAFF)
def confirm(entry_id: int):
    entry = get_or_404(HoursEntry, entry_id, current_user)
    if db.session.execute(select(unconfirmed()).where(HoursEntry.id == entry.id)).scalar():
        confirm_hours(current_user, entry)
        db.session.commit()
        flash(_("Hours confirmed."), "success")
    return redirect(url_for(".hours", page=page_number()))
