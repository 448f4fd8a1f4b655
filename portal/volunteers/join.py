"""Registration: anyone can sign up as a volunteer; a coordinator then approves."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from ..auth import throttle
from ..auth.models import User
from ..auth.sessions import sign_in
from ..core.audit import write_change
from ..core.cache import kept
from ..extensions import db
from ..places.models import Place
from ..plugin.manager import current_plugins
from .availability import DAYS, PARTS, in_words
from .forms import VolunteerSignupForm, read_service_capacities
from .models import Volunteer
from .profile import save_volunteer
from ..places.choices import place_choices
from ..places.widgets import townships

bp = Blueprint("join", __name__, template_folder="templates", static_folder="static",
               static_url_path="/join/static")


@bp.app_context_processor
def availability_words():
    """The week's grid of the availability field, for the profile forms (issue 27)."""
    return {"availability_days": DAYS, "availability_parts": PARTS}


@bp.app_template_filter("availability")
def availability_filter(stored: str | None) -> str:
    return in_words(stored)


def village_choices() -> list[tuple[int, str]]:
    """Every village and grid by its full name, in picker order: the same for everyone, so kept a while per process
    for all (``core.cache.kept``; forgotten when this process writes a place). A county's 4,500 took 1.8 s to
    build and the sign-up page, open to anyone, built them on every view."""
    return kept(("village_choices",), None, {"places"}, lambda: place_choices(db.session.execute(
        select(Place.id, Place.name, Place.path).where(Place.level.in_(("village", "grid")))).all(), "full"))


def village_points() -> list[list]:
    """[id, lat, lon, township id] of every village with coordinates: "use my location" picks the nearest in the
    page (and lists its township's places when the picker shows another, ``places.widgets``)."""
    return kept(("village_points",), None, {"places"}, _village_points)


def _village_points() -> list[list]:
    township_of = townships()["of"]
    return [[r.id, r.lat, r.lon, township_of.get(r.id)] for r in db.session.execute(
        select(Place.id, Place.lat, Place.lon).where(Place.level == "village", Place.lat.is_not(None),
                                                     Place.lon.is_not(None)).order_by(Place.path)).all()]


@bp.route("/join", methods=["GET", "POST"])
def register():
    """The sign-up form; on success the new volunteer is signed in and waits for approval."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = VolunteerSignupForm()
    form.place_id.choices = village_choices()
    form.fill_skill_choices()
    services = current_plugins().services
    capacities, service_errors = read_service_capacities(request.form, services) if form.is_submitted() else ({}, {})
    if form.validate_on_submit() and not service_errors:
        ip = request.remote_addr or "-"
        if throttle.joins_refused(ip):
            abort(429, _("Too many registrations from here. Please wait %(minutes)d minutes and try again.",
                         minutes=current_app.config["GUANAI_LOGIN_WINDOW_MINUTES"]))
        attempt = throttle.begin(form.username.data, ip, kind="join")
        if db.session.execute(select(User).filter_by(username=form.username.data)).scalar_one_or_none():
            form.username.errors.append(_("This username is taken."))
        else:
            throttle.succeeded(attempt)
            user = User(username=form.username.data, display_name=form.name.data, role="volunteer")
            user.set_password(form.password.data)
            write_change(user, "create", "user", user, leave_out=("password_hash",))
            save_volunteer(user, Volunteer(user_id=user.id, status="pending"), form.profile_data(), capacities)
            db.session.commit()
            sign_in(user)
            flash(_("Thank you for signing up. A coordinator will review your registration."), "success")
            return redirect(url_for("mine.overview"))
    return render_template("volunteers/join.html", form=form, services=services, capacities=capacities,
                           service_errors=service_errors, villages=village_points())
