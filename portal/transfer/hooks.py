"""Import and export as a plugin: the pages, the commands, the imports' scope rule and table."""
from __future__ import annotations

import os

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from .models import ImportRun
from .scopes import visible_imports


@hookimpl
def guanai_get_blueprints():
    from .views import bp
    return [bp]


@hookimpl
def guanai_get_scope_rules():
    return {ImportRun: visible_imports}


@hookimpl
def guanai_get_migration_dirs():
    return [os.path.join(os.path.dirname(__file__), "migrations")]


@hookimpl
def guanai_register_commands(cli):
    from .cli import export_group, import_group
    cli.add_command(import_group)
    cli.add_command(export_group)


@hookimpl
def guanai_get_vocabularies():
    return {"import_outcomes": {"new": _l("new"), "update": _l("update"), "same": _l("unchanged"),
                                "duplicate": _l("already in the ledger"), "error": _l("error")}}
