"""Role checks for views; what rows a user sees is decided in ``portal.core.scoping``."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user, login_required


def roles_required(*roles: str):
    """Allow only signed-in users with one of ``roles``; others get 403."""
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorate


def can_open_group(user, group: str) -> bool:
    """Admins and coordinators open every group's pages; staff only their own group's."""
    return user.is_authenticated and (user.role in ("admin", "coordinator")
                                      or (user.role == "staff" and user.group == group))


def group_required(group: str):
    """Allow only users who may open ``group``'s pages."""
    def decorate(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not can_open_group(current_user, group):
                abort(403)
            return view(*args, **kwargs)
        return wrapped
    return decorate


@login_required
def guard_group_pages():
    """Before every page under /g/<group>/: an unknown group is a 404, one the user may not open a 403."""
    group = (request.view_args or {}).get("group")
    if group not in current_app.extensions["guanai"].groups:
        abort(404)
    if not can_open_group(current_user, group):
        abort(403)
