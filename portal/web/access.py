"""Role checks for views; what rows a user sees is decided in ``portal.core.scoping``."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, request
from flask_login import current_user, login_required

# The roles, and the sets of them the pages allow: named here once (every feature imports them).
# admin: everything; coordinator: a place subtree, every group; staff: one group in a place subtree;
# volunteer: their own records.
ROLES = ("admin", "coordinator", "staff", "volunteer")
#: Administrators only (users, the audit log).
ADMINS = ("admin",)
#: Who runs an area: administrators and coordinators (match runs, places, contacts, approvals).
COORDINATORS = ("admin", "coordinator")
#: Who works the ledgers: coordinators and every group's staff (reports, cards, imports, visits, checks).
STAFF = ("admin", "coordinator", "staff")
#: Volunteers only (their own pages).
VOLUNTEERS = ("volunteer",)
#: The roles whose rows are limited to a jurisdiction (a place subtree); they must have a place.
AREA_ROLES = ("coordinator", "staff")
#: The roles that hold no jurisdiction: administrators see every place, volunteers pick theirs from all.
UNPLACED = ("admin", "volunteer")


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
    return user.is_authenticated and (user.role in COORDINATORS
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
