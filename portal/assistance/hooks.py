"""The assistance register as a plugin: its programmes and hints, pages, the ledger page's box, reports, CLI."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import NavItem, Widget
from ..web.access import STAFF


@hookimpl
def guanai_get_assistance_programmes():
    from .programmes import PROGRAMMES
    return PROGRAMMES


@hookimpl
def guanai_get_assistance_hints():
    from ..plugin.manager import current_plugins
    from .programmes import HEALTH_HINTS, HINTS
    return HINTS + (HEALTH_HINTS if "health" in current_plugins().names() else [])


guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Assistance"), "assistance.likely", order=48)] if user.role in STAFF else []


@hookimpl
def guanai_get_person_sections(person, user):
    if user.role not in STAFF:
        return []
    from .section import assistance_section
    return [Widget(title=_l("Social assistance"), template="assistance/_person.html",
                   context=lambda u: assistance_section(person, u), order=9)]


@hookimpl
def guanai_get_scope_rules():
    from .scopes import RULES
    return RULES


@hookimpl
def guanai_get_vocabularies():
    from .cases import LABELS
    # its own field words: "person" or "note" mean other things elsewhere (issue 27)
    return {"audit_entities": {"assistance_case": _l("Social assistance")}, "audit_fields_assistance_case": dict(LABELS)}


@hookimpl
def guanai_get_report_sections(report):
    from .report import assistance_section
    return [assistance_section(report)]


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_register_commands(cli):
    from .cli import assistance_group
    cli.add_command(assistance_group)


@hookimpl
def guanai_populate_demo(demo):
    from .demo import populate
    populate(demo)
