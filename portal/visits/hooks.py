"""Visits as a plugin: pages, navigation, dashboard widget, person section, scope rules, vocabularies, commands."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import NavItem, PeriodicTask, Task, Widget
from ..web.access import STAFF
from . import kept
from .models import FollowUp, Visit, VisitPhoto, VisitReminder
from .scopes import visible_follow_ups, visible_photos, visible_reminders, visible_visits

kept.install()

#: Who may schedule and log visits: everyone who signs in, each within their scope.


guanai_get_blueprints = feature_blueprints(__package__, "blueprint", pages=("campaign_views", "views"))


@hookimpl
def guanai_get_page_sections(page, subject, user):
    """Whom to visit, on a volunteer's own page."""
    if page != "my_page":
        return []
    from ..core.time import local_today
    from .lists import todo
    return [Widget(_l("Whom to visit"), "visits/_my_page.html",
                   lambda u: {"rows": todo(u), "today": local_today()}, order=30, name="visits-due")]


@hookimpl
def guanai_get_nav_items(user):
    if user.role == "volunteer":
        return [NavItem(_l("My visits"), "visits.todo", order=3)]
    return [NavItem(_l("Overdue visits"), "visits.overdue", order=40),
            NavItem(_l("Holiday visits"), "visits.campaigns", order=41)]


@hookimpl
def guanai_get_dashboard_widgets(user):
    if user.role not in STAFF:
        return []
    from .lists import dashboard_counts
    return [Widget(title=_l("Visits"), template="visits/_widget.html", context=dashboard_counts, order=5)]


@hookimpl
def guanai_get_person_sections(person, user):
    from .lists import person_section
    return [Widget(title=_l("Visits"), template="visits/_person_section.html",
                   context=lambda u: person_section(person, u), order=10)]


@hookimpl
def guanai_get_report_sections(report):
    from .report import visits_section
    return [visits_section(report, group) for group in report.groups]


@hookimpl
def guanai_get_commendation_measures(period):
    from .report import visits_on_time_measure
    return [visits_on_time_measure(period)]


@hookimpl
def guanai_get_scope_rules():
    return {Visit: visible_visits, FollowUp: visible_follow_ups, VisitPhoto: visible_photos,
            VisitReminder: visible_reminders}


@hookimpl
def guanai_get_vocabularies():
    from .forms import RELATIONS
    from .holidays import HOLIDAYS
    return {
        "risk_levels": {"high": _l("High risk"), "key": _l("Key attention"), "general": _l("General")},
        "visit_areas": {"living": _l("Living conditions"), "family": _l("Family"), "guardianship": _l("Guardianship"),
                        "health": _l("Health"), "study": _l("Study and schooling"), "safety": _l("Safety"),
                        "mood": _l("Mood and mental state")},
        "holidays": {code: h.label for code, h in HOLIDAYS.items()},
        "visit_rules_core": {"risk": _l("Risk level")},
        "visit_relations": dict(RELATIONS),
        # A risk level's change is audited in the person's history (visits.log.set_risk_level).
        "audit_fields": {"risk_level": _l("Risk level"), "risk_since": _l("Risk level since")},
    }


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_register_commands(cli):
    from .cli import visits_group
    cli.add_command(visits_group)


@hookimpl
def guanai_populate_demo(demo):
    from .demo import populate
    populate(demo)


@hookimpl
def guanai_get_tasks():
    return [PeriodicTask("visits.remind", remind_now, period="day", check_minutes=60),
            PeriodicTask("visits.refresh_due", refresh_due_now, period="day", check_minutes=60),
            Task(kept.REFRESH_TASK, refresh_due_now)]


def refresh_due_now(period: str | None = None) -> dict[str, int]:
    """The kept due table computed again for everyone (rows written around the ORM, a changed rule), committed."""
    from ..extensions import db
    rows = kept.refresh()
    db.session.commit()
    return {"visit_due": rows}


@hookimpl
def guanai_on_pairing_created(pairing_ids, actor):
    """Pairings written in bulk (a match run): the people paired have their due days computed again."""
    kept.note_pairings(pairing_ids)


@hookimpl
def guanai_on_pairings_ended(pairing_ids, cause, actor):
    kept.note_pairings(pairing_ids)


@hookimpl
def guanai_on_pairings_replaced(pairing_ids, run_id, actor):
    """A run's replaced pairings: those people's kept due days are written again at the commit."""
    kept.note_pairings(pairing_ids)


@hookimpl
def guanai_on_pairing_declined(pairing, actor):
    kept.note_people([pairing.beneficiary_id])


def remind_now(period: str | None = None) -> dict[str, int]:
    """The daily reminder sweep, run by the queue's scheduler once a day (each reminder is sent once anyway)."""
    from ..core.time import utcnow
    from .reminders import send_visit_reminders
    return send_visit_reminders(utcnow())


@hookimpl
def guanai_get_offline_kinds():
    """A visit (with photos and a follow-up) and a follow-up done, written on a phone without a signal (issue 31)."""
    from .offline import offline_kinds
    return offline_kinds()
