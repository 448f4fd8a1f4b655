"""The health file as a plugin: its pages, the ledger page's box, the flagged list, scope rules, migrations."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import Action, NavItem, Widget
from ..web.access import STAFF as KEEPERS

guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_page_actions(page, subject, user):
    """On a helper's pairing they accepted (My pairings): the person's health file."""
    if page != "pairing" or subject.response != "accepted":
        return []
    return [Action(_l("Health file"), url_for("health.file", person_id=subject.beneficiary_id), order=30)]


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Health flags"), "health.flagged", order=47)] if user.role in KEEPERS else []


@hookimpl
def guanai_get_person_sections(person, user):
    from .section import health_section
    return [Widget(title=_l("Health file"), template="health/_person.html",
                   context=lambda u: health_section(person, u), order=8)]


@hookimpl
def guanai_get_scope_rules():
    from .scopes import RULES
    return RULES


@hookimpl
def guanai_get_vocabularies():
    from .readings import KINDS, LABELS
    entities = {"health_reading": _l("Health reading"), "health_facts": _l("Health facts"),
                "health_condition": _l("Chronic condition"), "health_vaccination": _l("Vaccination"),
                "health_illness": _l("Illness")}
    # Its records' own field words, not the shared ones: "kind" and "name" mean other things elsewhere (a mutual-aid
    # report's "kind" read as 测量项目 on the audit page, issue 27).
    return {"audit_entities": entities, **{f"audit_fields_{entity}": dict(LABELS) for entity in entities},
            "audit_values_health_reading_kind": dict(KINDS)}


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_populate_demo(demo):
    from .demo import populate
    populate(demo)


@hookimpl
def guanai_get_offline_kinds():
    """A health reading taken on a phone without a signal (issue 31)."""
    from .offline import offline_kinds
    return offline_kinds()
