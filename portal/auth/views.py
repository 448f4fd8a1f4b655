"""Signing in and out, with throttling after repeated failures, and changing one's password."""
from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..core.audit import record
from ..extensions import db
from ..web.redirects import safe_next
from . import throttle
from .forms import ChangePasswordForm, LoginForm
from .models import User
from .passwords import password_problem, verify
from .sessions import KEY, end_sessions, sign_in, sign_out

bp = Blueprint("auth", __name__, template_folder="templates")

#: Pages a user who must choose a new password may still open.
OPEN_WHILE_CHANGING = {"auth.change_password", "auth.logout", "static", "main.set_language"}


@bp.before_app_request
def require_new_password():
    """A user an admin asked to choose a new password does that first."""
    if (current_user.is_authenticated and current_user.must_change_password
            and request.endpoint not in OPEN_WHILE_CHANGING):
        flash(_("Please choose a new password first."), "warning")
        return redirect(url_for("auth.change_password"))
    return None


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign in, or say why not."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        username, ip = form.username.data.strip(), request.remote_addr or "-"
        attempt = throttle.begin(username, ip)
        if throttle.refused(attempt):
            abort(429, _("Too many failed sign-ins. Please wait %(minutes)d minutes and try again.",
                         minutes=current_app.config["GUANAI_LOGIN_WINDOW_MINUTES"]))
        user = db.session.execute(select(User).filter_by(username=username)).scalar_one_or_none()
        ok = verify(user, form.password.data) and user.active
        if ok:
            throttle.succeeded(attempt)
            db.session.commit()
            sign_in(user)
            return redirect(safe_next(request.args.get("next"), url_for("main.dashboard")))
        form.password.errors.append(_("Wrong username or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out, which ends this user's sessions in every browser."""
    sign_out(current_user._get_current_object())
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password after giving the current one; every other session ends."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        problem = password_problem(form.new.data, current_user.username, current_user.role)
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("The current password is wrong."))
        elif problem:
            form.new.errors.append(problem)
        else:
            user = current_user._get_current_object()
            user.set_password(form.new.data)
            user.must_change_password = False
            end_sessions(user)
            record(user, "password", "user", user.id, None, None)
            db.session.commit()
            session[KEY] = user.session_version  # this browser stays signed in
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/password.html", form=form)
