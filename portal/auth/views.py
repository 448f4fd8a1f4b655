"""Signing in and out, with throttling after repeated failures, and changing one's password."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy import func, or_, select

from ..core.time import utcnow
from ..extensions import db
from .forms import ChangePasswordForm, LoginForm
from .models import LoginAttempt, User

bp = Blueprint("auth", __name__, template_folder="templates")


def _recent_failures(username: str, ip: str) -> int:
    since = utcnow() - timedelta(minutes=current_app.config["GUANAI_LOGIN_WINDOW_MINUTES"])
    stmt = select(func.count(LoginAttempt.id)).where(
        LoginAttempt.at >= since, LoginAttempt.success.is_(False),
        or_(LoginAttempt.username == username, LoginAttempt.ip == ip))
    return db.session.execute(stmt).scalar_one()


def _safe_next(target: str | None) -> str:
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return url_for("main.dashboard")


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form; sign in, or say why not."""
    if current_user.is_authenticated:
        return redirect(url_for("main.dashboard"))
    form = LoginForm()
    if form.validate_on_submit():
        username, ip = form.username.data.strip(), request.remote_addr or "-"
        if _recent_failures(username, ip) >= current_app.config["GUANAI_LOGIN_MAX_FAILURES"]:
            abort(429, _("Too many failed sign-ins. Please wait %(minutes)d minutes and try again.",
                         minutes=current_app.config["GUANAI_LOGIN_WINDOW_MINUTES"]))
        user = db.session.execute(select(User).filter_by(username=username)).scalar_one_or_none()
        ok = user is not None and user.active and user.check_password(form.password.data)
        db.session.add(LoginAttempt(username=username, ip=ip, success=ok))
        db.session.commit()
        if ok:
            login_user(user)
            return redirect(_safe_next(request.args.get("next")))
        form.password.errors.append(_("Wrong username or password."))
    return render_template("auth/login.html", form=form)


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    flash(_("You have signed out."), "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password():
    """Change one's own password after giving the current one."""
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append(_("The current password is wrong."))
        else:
            current_user.set_password(form.new.data)
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("main.dashboard"))
    return render_template("auth/password.html", form=form)
