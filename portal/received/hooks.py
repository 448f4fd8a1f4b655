"""What each person received, as a plugin: attendance of people, periodic services due, the person's section, CLI."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import NavItem, Widget
from ..web.access import STAFF

guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_page_actions(page, subject, user):
    """An activity's staff page: who took part (people, not a head count)."""
    if page != "activity" or user.role not in STAFF:
        return []
    from flask import url_for

    from ..plugin.records import Action
    return [Action(_l("Who took part"), url_for("received.attendance", group=subject.group, activity_id=subject.id),
                   primary=True, name="who-took-part")]


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Services due"), "received.due", order=44)] if user.role in STAFF else []


@hookimpl
def guanai_get_person_sections(person, user):
    from .section import received_section
    return [Widget(title=_l("Services received"), template="received/_person.html",
                   context=lambda u: received_section(person, u), order=7)]


@hookimpl
def guanai_get_scope_rules():
    from .scopes import RULES
    return RULES


@hookimpl
def guanai_get_vocabularies():
    return {"audit_entities": {"participation": _l("Took part"), "service_record": _l("Service received")},
            "audit_actions": {"delete": _l("removed")},
            "audit_fields": {"beneficiary_id": _l("Person"), "activity_id": _l("Activity"), "day": _l("Day"),
                             "service": _l("Service")}}


@hookimpl
def guanai_get_report_sections(report):
    from .report import periodic_section
    return [periodic_section(report)]


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_register_commands(cli):
    from .cli import services_group
    cli.add_command(services_group)


@hookimpl
def guanai_get_tasks():
    """Each day a look at the periodic services due: a notice a week to staff and coordinators with some due."""
    from ..plugin.records import PeriodicTask
    from .reminders import remind_now
    return [PeriodicTask("received.remind", remind_now, period="day", check_minutes=60)]


@hookimpl
def guanai_get_duty_rules(group):
    """The periodic services in force as duties (in the duties' due and overdue lists, counts and gaps)."""
    from .duties import duty_rules
    return duty_rules(group)


@hookimpl
def guanai_populate_demo(demo):
    from .demo import populate
    populate(demo)
