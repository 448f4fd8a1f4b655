"""Reports as a plugin: the core sections, the report pages and commands, nominations and their scope rule."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import NavItem
from ..web.access import STAFF
from . import kept  # noqa: F401 (kept reports are forgotten when data they read changes)
from .models import Nomination
from .scopes import visible_nominations


@hookimpl
def guanai_get_report_sections(report):
    from .ledger_sections import coverage_section, ledger_section
    from .work_sections import services_section, volunteers_section
    sections = []
    for group in report.groups:
        sections += [ledger_section(report, group), coverage_section(report, group)]
    return sections + [services_section(report), volunteers_section(report)]


@hookimpl
def guanai_get_commendation_measures(period):
    from .commendation import core_measures
    return core_measures(period)


guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Reports"), "reports.index", order=60)] if user.role in STAFF else []


@hookimpl
def guanai_get_dashboard_widgets(user):
    from .widgets import coverage_widget
    return coverage_widget(user)


@hookimpl
def guanai_get_scope_rules():
    return {Nomination: visible_nominations}


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_register_commands(cli):
    from .cli import report_group
    cli.add_command(report_group)


@hookimpl
def guanai_get_tasks():
    """A large area's report PDF or workbook, and its page and print layout, made on the queue (issue 32)."""
    from ..plugin.records import Task
    from .building import build_page
    from .views import make_file
    return [Task("reports.make_file", make_file), Task("reports.build_page", build_page)]
