"""Re-verification as a plugin: pages, navigation, the overdue-cycle widget, person sections, rules, commands."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import Action, NavItem, PeriodicTask, Widget
from ..web.access import STAFF

guanai_get_blueprints = feature_blueprints(__package__, "blueprint", pages=("hours_views", "pages", "views"))


@hookimpl
def guanai_get_page_actions(page, subject, user):
    """A volunteer's page links to their helper page (whom they help, hours, training), for staff."""
    if page != "volunteer" or user.role not in STAFF:
        return []
    return [Action(_l("Helper page: whom they help, hours, training"),
                   url_for("reverification.helper", volunteer_id=subject.id))]


@hookimpl
def guanai_get_row_tags(page, rows, user):
    """On the volunteers list: the active helpers who had no training this year (001, 004)."""
    if page != "volunteers" or user.role not in STAFF:
        return {}
    from ..core.time import local_today
    from .training import trained_ids
    ids = {v.id for v in rows if v.status == "active"}
    return {vid: [_l("No training this year")] for vid in ids - trained_ids(ids, local_today().year)}


@hookimpl
def guanai_get_nav_items(user):
    if user.role not in STAFF:
        return []
    return [NavItem(_l("Checks"), "reverification.index", order=45),
            NavItem(_l("Hours to confirm"), "reverification.hours", order=46)]


@hookimpl
def guanai_get_dashboard_widgets(user):
    if user.role not in STAFF:
        return []
    from .widgets import overdue_cycles
    return [Widget(title=_l("Ledger checks"), template="reverification/_widget.html", context=overdue_cycles,
                   order=6)]


@hookimpl
def guanai_get_person_sections(person, user):
    from .helpers import helpers_section
    return [Widget(title=_l("Helpers"), template="reverification/_helpers.html",
                   context=lambda u: helpers_section(person, u), order=5)]


@hookimpl
def guanai_get_scope_rules():
    from .scopes import RULES
    return RULES


@hookimpl
def guanai_get_vocabularies():
    from .periods import KINDS
    return {
        "cycle_kinds": KINDS,
        "cycle_outcomes": {"pending": _l("Not checked yet"), "confirmed": _l("Unchanged"), "updated": _l("Updated"),
                           "left": _l("Left")},
        "spot_results": {"pending": _l("Not checked yet"), "confirmed": _l("Confirmed"), "flagged": _l("Flagged")},
        "audit_actions": {"open": _l("opened"), "confirm": _l("confirmed")},
        "audit_fields": {"confirmed_by_id": _l("Confirmed by"), "confirmed_at": _l("Confirmed at")},
        "audit_entities": {"reverify_cycle": _l("Ledger check")},
    }


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_register_commands(cli):
    from .cli import reverify_group
    cli.add_command(reverify_group)


@hookimpl
def guanai_get_tasks():
    return [PeriodicTask("reverification.remind", remind_now, period="day", check_minutes=60)]


def remind_now(period: str | None = None) -> dict[str, int]:
    """The daily reminder sweep of open checks, run by the queue's scheduler (each reminder is sent once anyway)."""
    from ..core.time import utcnow
    from .reminders import send_cycle_reminders
    return send_cycle_reminders(utcnow())


@hookimpl
def guanai_get_counted_hours_clause():
    """Hours count in totals, reports and the commendation only once staff or a coordinator confirmed them."""
    from sqlalchemy import not_

    from .hours import unconfirmed
    return not_(unconfirmed())
