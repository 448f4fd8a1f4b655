"""Import and export as a plugin: the pages, the commands, the imports' scope rule and table."""
from __future__ import annotations

from flask import request, url_for
from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import Action
from ..web.access import COORDINATORS, STAFF
from .models import ImportRun
from .scopes import visible_imports

guanai_get_blueprints = feature_blueprints(__package__, "blueprint", pages=("views", "export_pages"))


@hookimpl
def guanai_get_page_actions(page, subject, user):
    """Export (with the list's filters) and import buttons on the ledger lists and the volunteers list."""
    if user.role not in STAFF:
        return []
    if page == "ledger":
        return [Action(_l("Export .xlsx"), url_for("transfer.export_ledger", group=subject, kind="xlsx", **request.args)),
                Action(_l("Export .csv"), url_for("transfer.export_ledger", group=subject, kind="csv", **request.args)),
                Action(_l("Import a sheet"), url_for("transfer.upload", group=subject))]
    if page == "volunteers":
        found = [Action(_l("Export .xlsx"), url_for("transfer.export_volunteers", kind="xlsx", **request.args)),
                 Action(_l("Export .csv"), url_for("transfer.export_volunteers", kind="csv", **request.args)),
                 Action(_l("Export pairings"), url_for("transfer.export_pairings", kind="xlsx"))]
        if user.role in COORDINATORS:
            found.append(Action(_l("Import volunteers"), url_for("transfer.upload_volunteers")))
        return found
    return []


@hookimpl
def guanai_get_scope_rules():
    return {ImportRun: visible_imports}


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_register_commands(cli):
    from .cli import export_group, import_group
    cli.add_command(import_group)
    cli.add_command(export_group)


@hookimpl
def guanai_get_vocabularies():
    return {"import_outcomes": {"new": _l("new"), "update": _l("update"), "same": _l("unchanged"),
                                "duplicate": _l("already in the ledger"), "error": _l("error")}}


@hookimpl
def guanai_get_tasks():
    """A county's export, made on the queue beyond GUANAI_EXPORT_QUEUE_ROWS rows, and a large sheet's import,
    committed on the queue beyond GUANAI_IMPORT_QUEUE_ROWS rows (issue 32); the hourly sweep of import jobs."""
    from ..plugin.records import PeriodicTask, Task
    from .jobs import TASK, commit_import, sweep_import_jobs
    from .export_pages import make_export
    return [Task("transfer.make_export", make_export), Task(TASK, commit_import),
            PeriodicTask("transfer.sweep_import_jobs", sweep_import_jobs, period="hour", check_minutes=10)]
