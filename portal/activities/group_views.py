"""Every group's activity pages for its staff, mounted once under /g/<group>/activities: list, create, run one."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..core.audit import write_change
from ..core.scoping import get_or_404, scoped
from ..core.time import from_local, to_local, utcnow
from ..extensions import db
from ..plugin.manager import current_plugins
from ..web.access import guard_group_pages
from ..web.pagination import paginate
from ..web.numbers import id_list
from .forms import ActivityForm
from .kinds import kind_choices, kind_name
from .models import Activity
from .signups import EDITABLE, SignUpRefused, cancel_activity, mark_attendance, update_activity
from ..places.choices import area_places, place_choices

bp = Blueprint("group_activities", __name__, url_prefix="/g/<group>", template_folder="templates")


bp.before_request(guard_group_pages)


def _activity(group: str, activity_id: int) -> Activity:
    return get_or_404(Activity, activity_id, current_user, Activity.group == group)


@bp.route("/activities")
def index(group: str):
    upcoming = request.args.get("when", "upcoming") == "upcoming"
    stmt = scoped(Activity, current_user).where(Activity.group == group)
    stmt = stmt.where(Activity.ends_at >= utcnow()).order_by(Activity.starts_at) if upcoming else \
        stmt.where(Activity.ends_at < utcnow()).order_by(Activity.starts_at.desc())
    return render_template("activities/staff_index.html", group=current_plugins().group(group),
                           page=paginate(stmt), upcoming=upcoming, services=current_plugins().services)


def _place_choices() -> list[tuple[int, str]]:
    """Townships and villages in the user's area, where an activity can take place."""
    return place_choices(area_places(current_user, ("township", "village")), "full")


@bp.route("/activities/new", methods=["GET", "POST"])
def new(group: str):
    """Create an activity for any service of the group, or a general kind (a safety talk, Children's Day, a
    training for helpers; issue 27)."""
    plugins = current_plugins()
    form = ActivityForm()
    form.service.choices = kind_choices(group)
    form.place_id.choices = _place_choices()
    if form.validate_on_submit():
        activity = Activity(group=group, created_by_id=current_user.id)
        starts_at, ends_at = from_local(form.starts_at.data), from_local(form.ends_at.data)  # typed local, kept UTC
        if starts_at <= utcnow():
            form.starts_at.errors.append(_("An activity starts in the future."))
        else:
            form.populate_obj(activity)
            activity.starts_at, activity.ends_at = starts_at, ends_at
            write_change(current_user, "create", "activity", activity)
            db.session.commit()
            flash(_("The activity is open for sign-ups."), "success")
            return redirect(url_for("group_activities.detail", group=group, activity_id=activity.id))
    return render_template("activities/form.html", group=plugins.group(group), form=form)


@bp.route("/activities/<int:activity_id>")
def detail(group: str, activity_id: int):
    activity = _activity(group, activity_id)
    return render_template("activities/staff_detail.html", group=current_plugins().group(group), a=activity,
                           services=current_plugins().services)


@bp.route("/activities/<int:activity_id>/attendance", methods=["POST"])
def attendance(group: str, activity_id: int):
    activity = _activity(group, activity_id)
    if activity.starts_at > utcnow():
        flash(_("Attendance can be marked once the activity has started."), "warning")
    else:
        present = set(id_list("present", request.form))
        mark_attendance(current_user, activity, present)
        db.session.commit()
        flash(_("Attendance saved."), "success")
    return redirect(url_for("group_activities.detail", group=group, activity_id=activity.id))


@bp.route("/activities/<int:activity_id>/cancel", methods=["POST"])
def cancel(group: str, activity_id: int):
    """Cancel the activity; everyone signed up is told."""
    activity = _activity(group, activity_id)
    try:
        cancel_activity(current_user, activity, request.form.get("reason", "").strip()[:300])
    except SignUpRefused as refused:
        flash(str(refused), "warning")
    else:
        db.session.commit()
        flash(_("The activity is cancelled; everyone signed up is told."), "success")
    return redirect(url_for("group_activities.detail", group=group, activity_id=activity.id))


@bp.route("/activities/<int:activity_id>/edit", methods=["GET", "POST"])
def edit(group: str, activity_id: int):
    """Change an open activity's time, place or details; everyone signed up is told."""
    activity = _activity(group, activity_id)
    form = ActivityForm(obj=activity)
    form.service.choices = [(activity.service, kind_name(activity.service))]
    form.place_id.choices = _place_choices()
    if request.method == "GET":
        form.starts_at.data, form.ends_at.data = to_local(activity.starts_at), to_local(activity.ends_at)
    if form.validate_on_submit():
        data = {name: getattr(form, name).data for name in EDITABLE}
        data["starts_at"], data["ends_at"] = from_local(form.starts_at.data), from_local(form.ends_at.data)
        data["location"], data["description"] = data["location"] or "", data["description"] or ""
        data["beneficiary_slots"] = data["beneficiary_slots"] or 0
        if data["starts_at"] <= utcnow():
            form.starts_at.errors.append(_("An activity starts in the future."))
            return render_template("activities/form.html", group=current_plugins().group(group), form=form,
                                   editing=activity)
        try:
            changed = update_activity(current_user, activity, data)
        except SignUpRefused as refused:
            db.session.rollback()
            flash(str(refused), "warning")
        else:
            db.session.commit()
            if changed:
                flash(_("The activity is changed; everyone signed up is told."), "success")
            return redirect(url_for("group_activities.detail", group=group, activity_id=activity.id))
    return render_template("activities/form.html", group=current_plugins().group(group), form=form, editing=activity)
