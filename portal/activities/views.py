"""Activities for volunteers: browse what is open, sign up (or join the waiting list), cancel."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..core.scoping import get_or_404, scoped
from ..core.time import utcnow
from ..extensions import db
from ..plugin.manager import current_plugins
from ..volunteers.profile import current_volunteer
from ..web.access import VOLUNTEERS, roles_required
from ..web.pagination import paginate
from ..web.redirects import safe_next
from .models import Activity, SignUp
from .signups import SignUpRefused, cancel, sign_up, waiting_position

bp = Blueprint("activities", __name__, url_prefix="/activities", template_folder="templates")


@bp.app_template_filter("activity_kind")
def activity_kind(key: str) -> str:
    """What an activity is for, in words (a service or a general kind), never its code."""
    from .kinds import kind_name
    return kind_name(key)


@bp.route("/")
@roles_required(*VOLUNTEERS)
def index():
    stmt = scoped(Activity, current_user).where(Activity.starts_at > utcnow())
    group = request.args.get("group", "")
    if group:
        stmt = stmt.where(Activity.group == group)
    page = paginate(stmt.order_by(Activity.starts_at))
    me = current_volunteer()
    mine = {s.activity_id: s for s in db.session.execute(select(SignUp).where(
        SignUp.volunteer_id == (me.id if me else -1), SignUp.status != "cancelled")).scalars()}
    return render_template("activities/index.html", page=page, mine=mine, group=group,
                           services=current_plugins().services)


@bp.route("/<int:activity_id>/signup", methods=["POST"])
@roles_required(*VOLUNTEERS)
def signup(activity_id: int):
    activity = get_or_404(Activity, activity_id, current_user)
    me = current_volunteer()
    try:
        if me is None:
            raise SignUpRefused(_("Only approved, active volunteers can sign up."))
        done = sign_up(current_user, activity, me)
    except SignUpRefused as refused:
        flash(str(refused), "error")
    else:
        db.session.commit()
        if done.status == "confirmed":
            flash(_("You are signed up."), "success")
        else:
            flash(_("The activity is full: you are number %(n)d on the waiting list.", n=waiting_position(done)), "info")
    return redirect(safe_next(request.form.get("next"), url_for("activities.index")))


@bp.route("/signups/<int:signup_id>/cancel", methods=["POST"])
@roles_required(*VOLUNTEERS)
def cancel_signup(signup_id: int):
    signup = get_or_404(SignUp, signup_id, current_user)
    try:
        cancel(current_user, signup)
    except SignUpRefused as refused:
        flash(str(refused), "error")
    else:
        db.session.commit()
        flash(_("Your sign-up is cancelled."), "info")
    return redirect(safe_next(request.form.get("next"), url_for("mine.overview")))
