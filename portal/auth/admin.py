"""User administration: accounts, their roles, groups and jurisdictions."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.audit import record, snapshot, write_change
from ..core.scoping import get_or_404, scoped
from ..core.texts import vocabularies
from ..extensions import db
from ..places.choices import area_places
from ..places.choices import place_choices as shared_place_choices
from ..plugin.manager import current_plugins
from ..web.access import ADMINS, roles_required
from ..web.pagination import paginate
from .forms import UserForm
from .models import User
from .sessions import end_sessions

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")


def place_choices(user) -> list[tuple[int, str]]:
    return shared_place_choices(area_places(user))


def _fill_choices(form: UserForm) -> None:
    form.role.choices = vocabularies().choices("roles")
    form.place_id.choices = [(0, _l("(none)"))] + place_choices(current_user)
    form.group.choices = [("", _l("(none)"))] + [(g.code, g.name) for g in current_plugins().groups.values()]


@bp.route("/users")
@roles_required(*ADMINS)
def users():
    page = paginate(scoped(User, current_user).options(selectinload(User.place)).order_by(User.username))
    return render_template("admin/users.html", page=page)


@bp.route("/users/new", methods=["GET", "POST"])
@roles_required(*ADMINS)
def new_user():
    return _edit_user(None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@roles_required(*ADMINS)
def edit_user(user_id: int):
    return _edit_user(get_or_404(User, user_id, current_user))


#: What the audit log never keeps of a user (the session version is bookkeeping, audited as its own action).
SECRETS = ("password_hash", "session_version")


@bp.route("/users/<int:user_id>/sessions/end", methods=["POST"])
@roles_required(*ADMINS)
def end_user_sessions(user_id: int):
    """Sign a user out everywhere (a lost phone, a shared computer), at once on every app server."""
    user = get_or_404(User, user_id, current_user)
    end_sessions(user)
    record(current_user, "sessions", "user", user.id, None, None)
    db.session.commit()
    flash(_("%(name)s is signed out everywhere.", name=user.display_name), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


def _edit_user(user: User | None):
    form = UserForm(obj=user)
    _fill_choices(form)
    if user is not None and not form.is_submitted():
        form.must_change_password.data = user.must_change_password
        form.place_id.data = user.place_id or 0
        form.group.data = user.group or ""
    if form.validate_on_submit():
        taken = db.session.execute(select(User).filter_by(username=form.username.data)).scalar_one_or_none()
        if taken is not None and taken is not user:
            form.username.errors.append(_("This username is taken."))
        elif user is None and not form.password.data:
            form.password.errors.append(_("A new user needs a password."))
        else:
            before = snapshot(user, leave_out=SECRETS) if user else None
            if user is None:
                user = User(password_hash="")
            user.username, user.display_name = form.username.data, form.display_name.data
            if before and user.active and not form.active.data:
                end_sessions(user)  # a deactivated account is signed out everywhere at once
            user.role, user.active = form.role.data, form.active.data
            user.must_change_password = form.must_change_password.data
            user.place_id = form.place_id.data or None
            user.group = form.group.data or None if form.role.data == "staff" else None
            if form.password.data:
                user.set_password(form.password.data)
                if before:
                    end_sessions(user)
            write_change(current_user, "update" if before else "create", "user", user, before, leave_out=SECRETS)
            db.session.commit()
            flash(_("Saved."), "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form, user=user)
