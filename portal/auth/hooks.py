"""The accounts feature as a plugin: sign-in pages, user administration, the user scope rule, commands."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import true

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints
from ..plugin.records import NavItem
from ..web.forms import form_labels
from . import sessions  # noqa: F401  (registers the user loader)
from .forms import UserForm
from .models import User

guanai_get_blueprints = feature_blueprints(__package__, "views", "admin", "audit_log")


@hookimpl
def guanai_get_nav_items(user):
    if user.role != "admin":
        return []
    return [NavItem(_l("Users"), "admin.users", order=90), NavItem(_l("Audit log"), "audit_log.index", order=91)]


@hookimpl
def guanai_get_scope_rules():
    return {User: lambda user: true() if user.role == "admin" else User.id == user.id}


@hookimpl
def guanai_get_vocabularies():
    return {"roles": {"admin": _l("Administrator"), "coordinator": _l("Coordinator"), "staff": _l("Group staff"),
                      "volunteer": _l("Volunteer")},
            "audit_actions": {"password": _l("changed the password"), "sessions": _l("signed out everywhere")},
            "audit_entities": {"user": _l("User")},
            "audit_fields": form_labels(UserForm)}


@hookimpl
def guanai_register_commands(cli):
    from .cli import create_user_command
    cli.add_command(create_user_command)
