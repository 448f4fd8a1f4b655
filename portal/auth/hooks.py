"""The accounts feature as a plugin: sign-in pages, user administration, the user scope rule, commands."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import true

from ..hookspecs import hookimpl
from ..plugin.records import NavItem
from . import sessions  # noqa: F401  (registers the user loader)
from .models import User


@hookimpl
def guanai_get_blueprints():
    from . import admin, views
    return [views.bp, admin.bp]


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Users"), "admin.users", order=90)] if user.role == "admin" else []


@hookimpl
def guanai_get_scope_rules():
    return {User: lambda user: true() if user.role == "admin" else User.id == user.id}


@hookimpl
def guanai_get_vocabularies():
    return {"roles": {"admin": _l("Administrator"), "coordinator": _l("Coordinator"), "staff": _l("Group staff"),
                      "volunteer": _l("Volunteer")}}


@hookimpl
def guanai_register_commands(cli):
    from .cli import create_user_command
    cli.add_command(create_user_command)
