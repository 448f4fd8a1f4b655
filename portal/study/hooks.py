"""Study plans as a plugin: their pages, the ledger page's box, the helper's link on a pairing, the missing list,
scope rules, migrations, demo plans."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import Action, NavItem, Widget
from ..web.access import STAFF

guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_page_actions(page, subject, user):
    """On a helper's pairing (My pairings) of a study service: its study plan."""
    if page != "pairing" or subject is None or subject.status != "active":
        return []
    from .plans import keeps_plans
    if not keeps_plans(subject):
        return []
    return [Action(_l("Study plan"), url_for("study.pairing", pairing_id=subject.id), order=32)]


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Study plans missing"), "study.missing", order=48)] if user.role in STAFF else []


@hookimpl
def guanai_get_person_sections(person, user):
    from .plans import rules_of
    if rules_of(person.group) is None:
        return []
    from .section import study_section
    return [Widget(title=_l("Study plans and progress"), template="study/_person.html",
                   context=lambda u: study_section(person, u), order=9)]


@hookimpl
def guanai_get_scope_rules():
    from .scopes import RULES
    return RULES


@hookimpl
def guanai_get_vocabularies():
    from .plans import LABELS
    entities = {"study_plan": _l("Study plan"), "study_progress": _l("Study progress")}
    # its own field words: "pairing" or "note" mean other things elsewhere (issue 27)
    return {"audit_entities": entities, **{f"audit_fields_{entity}": dict(LABELS) for entity in entities}}


@hookimpl
def guanai_get_report_sections(report):
    """Per group keeping study plans: plans written and missing by village, progress entries and summaries."""
    from .report import study_section
    return [s for s in (study_section(report, group) for group in report.groups) if s is not None]


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_populate_demo(demo):
    from .demo import populate
    populate(demo)
