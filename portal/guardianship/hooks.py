"""Guardianship as a plugin: its pages, the ledger page's box (staff and coordinators), the lists, scope rules,
migrations, demo records."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import NavItem, Widget
from ..web.access import STAFF

guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Guardianship gaps"), "guardianship.missing", order=49)] if user.role in STAFF else []


@hookimpl
def guanai_get_person_sections(person, user):
    from .guardian import rules_of
    if user.role not in STAFF or rules_of(person.group) is None:
        return []
    from .section import guardianship_section
    return [Widget(title=_l("Guardianship"), template="guardianship/_person.html",
                   context=lambda u: guardianship_section(person, u), order=10)]


@hookimpl
def guanai_get_scope_rules():
    from .scopes import RULES
    return RULES


@hookimpl
def guanai_get_vocabularies():
    from .keeping import LABELS
    entities = {"guardianship_letter": _l("Guardianship letter"), "guardianship_training": _l("Guardian's training"),
                "guardianship_assessment": _l("Guardianship assessment"),
                "guardianship_follow_up": _l("Intervention follow-up")}
    # its own field words: "level" is a place's level elsewhere, "note" everyone's (issue 27)
    return {"audit_entities": entities, **{f"audit_fields_{entity}": dict(LABELS) for entity in entities}}


@hookimpl
def guanai_get_report_sections(report):
    """Per group with guardianship rules: letters, trainings, assessments and interventions by village."""
    from .report import guardianship_section
    return [s for s in (guardianship_section(report, group) for group in report.groups) if s is not None]


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_populate_demo(demo):
    from .demo import populate
    populate(demo)
