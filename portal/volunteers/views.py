"""The volunteer ledger for coordinators and staff: list with search, and each volunteer's page."""
from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import or_
from sqlalchemy.orm import selectinload

from ..core.scoping import get_or_404, scoped
from ..core.sql import by_pinyin
from ..extensions import db
from ..plugin.manager import current_plugins
from ..web.access import COORDINATORS, ROLES, STAFF, roles_required
from ..web.pagination import paginate
from .forms import ReviewVolunteerForm
from .leaving import StatusRefused, consequences, end_service
from .models import Volunteer
from .profile import review_volunteer

bp = Blueprint("volunteers", __name__, url_prefix="/volunteers", template_folder="templates")


def volunteers_statement(args):
    """The volunteers list as shown: the user's scope, search and status, ordered (an export writes all of it)."""
    stmt = scoped(Volunteer, current_user)
    q = args.get("q", "").strip()
    if q:
        stmt = stmt.where(or_(Volunteer.name.contains(q), Volunteer.phone.contains(q)))
    status = args.get("status", "")
    if status:
        stmt = stmt.where(Volunteer.status == status)
    if args.get("check") == "ending":  # the check sweep's digest links here: checks ending soon or ended (issue 32)
        from .checks import ending_clause
        stmt = stmt.where(ending_clause())
    return stmt.order_by(by_pinyin(Volunteer.name), Volunteer.id)  # names in pinyin order (issue 27)


@bp.route("/")
@roles_required(*STAFF)
def index():
    stmt = volunteers_statement(request.args)
    q, status = request.args.get("q", "").strip(), request.args.get("status", "")
    page = paginate(stmt.options(selectinload(Volunteer.place)))
    return render_template("volunteers/index.html", page=page, q=q, status=status, check=request.args.get("check", ""))


@bp.route("/<int:volunteer_id>")
@roles_required(*ROLES)
def detail(volunteer_id: int):
    volunteer = get_or_404(Volunteer, volunteer_id, current_user)
    form = ReviewVolunteerForm(background_check=volunteer.background_check, checked_on=volunteer.background_checked_on)
    form.show_version(volunteer.version)
    return render_template("volunteers/detail.html", v=volunteer, services=current_plugins().services, form=form)


@bp.route("/<int:volunteer_id>/review", methods=["POST"])
@roles_required(*COORDINATORS)
def review(volunteer_id: int):
    """Approve (recording the background check) or reject with a reason; the history stays in the audit log."""
    volunteer = get_or_404(Volunteer, volunteer_id, current_user)
    form = ReviewVolunteerForm()
    if not form.validate_on_submit():
        return render_template("volunteers/detail.html", v=volunteer, services=current_plugins().services,
                               form=form), 400
    read = form.read_version()
    if read is not None and read != volunteer.version:  # decided on a profile the volunteer has changed since
        flash(_("%(name)s changed their registration after you opened it: please review it again.",
                name=volunteer.name), "warning")
        return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))
    approve = form.decision.data == "approve"
    review_volunteer(current_user, volunteer, approve, form.background_check.data, form.checked_on.data,
                     form.reason.data or "")
    db.session.commit()
    if approve:
        flash(_("%(name)s is approved.", name=volunteer.name), "success")
    else:
        flash(_("%(name)s is rejected.", name=volunteer.name), "info")
    return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))


@bp.route("/<int:volunteer_id>/end", methods=["GET", "POST"])
@roles_required(*COORDINATORS)
def end(volunteer_id: int):
    """A coordinator ends a volunteer's service with a reason: first what ends, then confirm (issue 27)."""
    volunteer = get_or_404(Volunteer, volunteer_id, current_user)
    if volunteer.status not in ("active", "paused", "pending"):
        abort(404)
    error = ""
    if request.method == "POST":
        try:
            end_service(current_user, volunteer, request.form.get("reason", ""))
        except StatusRefused as refused:
            db.session.rollback()
            error = str(refused)
        else:
            db.session.commit()
            flash(_("%(name)s no longer serves: their pairings have ended and their people are in the next run.",
                    name=volunteer.name), "success")
            return redirect(url_for("volunteers.detail", volunteer_id=volunteer.id))
    return render_template("volunteers/end.html", v=volunteer, consequences=consequences(volunteer, "left"),
                           error=error), 400 if error else 200
