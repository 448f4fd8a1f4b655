"""Duties as a feature: the due table kept in step, its scope rules, pages, commands, tasks and demo."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..web.access import STAFF
from ..plugin.records import NavItem, PeriodicTask, Widget
from . import events
from .models import DutyDue, DutyOwner, FamilyContact, KnockRound, PersonTrait
from .scopes import visible_contacts, visible_due, visible_owners, visible_rounds, visible_traits

events.install()

#: Duties count the visits made as duties done, and raise them by the visits' risk levels.
GUANAI_REQUIRES = ("visits",)


STAFF_ROLES = STAFF


guanai_get_blueprints = feature_blueprints(__package__, "views")
guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_get_nav_items(user):
    items = [NavItem(_l("My duties"), "duties.mine", order=2)]
    if user.role in STAFF_ROLES:
        items.append(NavItem(_l("Overdue duties"), "duties.overdue", order=39))
    return items


@hookimpl
def guanai_get_dashboard_widgets(user):
    if user.role not in STAFF_ROLES:
        return []
    from .lists import dashboard_counts
    return [Widget(title=_l("Duties"), template="duties/_widget.html", context=dashboard_counts, order=4)]


@hookimpl
def guanai_get_person_sections(person, user):
    from .lists import person_duties
    return [Widget(title=_l("Duties"), template="duties/_person_section.html",
                   context=lambda u: {"items": person_duties(person.id)}, order=9)]


@hookimpl
def guanai_get_report_sections(report):
    from .report import duties_section
    return [duties_section(report, group) for group in report.groups]


@hookimpl
def guanai_register_commands(cli):
    from .cli import duties_group
    cli.add_command(duties_group)


@hookimpl(trylast=True)   # after the visits' demo: the people it leaves overdue stay so (see demo.py)
def guanai_populate_demo(demo):
    from .demo import populate
    populate(demo)


@hookimpl
def guanai_get_scope_rules():
    from .counts import visible_counts, visible_gaps
    from .models import DutyCount, DutyGap
    return {DutyDue: visible_due, DutyOwner: visible_owners, FamilyContact: visible_contacts,
            KnockRound: visible_rounds, PersonTrait: visible_traits, DutyCount: visible_counts, DutyGap: visible_gaps}


@hookimpl
def guanai_on_pairing_created(pairing_ids, actor):
    """Pairings a match run writes in bulk: the people paired have their duties computed again (the caller commits)."""
    _refresh_paired(pairing_ids)


@hookimpl
def guanai_on_pairings_replaced(pairing_ids, run_id, actor):
    """A run's replaced pairings: a person left without a helper loses the helper's duties (the caller commits)."""
    _refresh_paired(pairing_ids)


@hookimpl
def guanai_on_pairings_ended(pairing_ids, cause, actor):
    """Pairings ended in bulk because their helper went: the people's helper duties computed again."""
    _refresh_paired(pairing_ids)


def _refresh_paired(pairing_ids) -> None:
    from sqlalchemy import select

    from ..assignment.models import Pairing
    from ..extensions import db
    from .due import refresh, refresh_ids
    pairing_ids = list(pairing_ids)
    if len(pairing_ids) > 5000:   # a county's run: one pass over everyone costs less than chunks of people
        refresh()
        return
    refresh_ids(db.session.execute(select(Pairing.beneficiary_id).where(Pairing.id.in_(pairing_ids))).scalars().all())


@hookimpl
def guanai_on_family_told(deliveries, actor):
    """Outreach told families (an SMS sent, a letter given): where telling them counts as contact with the absent
    family (001: monthly contact), a family contact is recorded for the person (the caller commits)."""
    from ..core.time import to_local
    from ..extensions import db
    for d in deliveries:
        if d.counts_as_contact and d.done_at is not None:
            db.session.add(FamilyContact(beneficiary_id=d.beneficiary_id, contacted_on=to_local(d.done_at).date(),
                                         who=(d.name or d.relation)[:64], how="text" if d.channel == "sms" else "letter",
                                         said="", recorded_by_id=getattr(actor, "id", None)))


@hookimpl
def guanai_get_tasks():
    return [PeriodicTask("duties.refresh", refresh_now, period="day", check_minutes=60)]


def remind_now(period: str | None = None) -> dict[str, int]:
    """The owners' daily reminder and the coordinators' weekly digest (after the day's refresh)."""
    from ..core.time import local_today
    from ..extensions import db
    from .reminders import send_duty_reminders
    counts = send_duty_reminders(local_today())
    db.session.commit()
    return counts


def refresh_now(period: str | None = None) -> dict[str, int]:
    """The daily refresh (a holiday's next day, an age passed, rows written around the ORM), then the commit."""
    from sqlalchemy import func, select

    from ..extensions import db
    from .due import refresh
    refresh()
    db.session.commit()
    counts = {"duties": db.session.execute(select(func.count()).select_from(DutyDue)).scalar_one()}
    if period is not None:   # the daily run, not the command line: then the reminders
        counts.update(remind_now())
    return counts


@hookimpl
def guanai_get_offline_kinds():
    """The knock round written on a phone without a signal, and the owned people's duties in the day (issue 31)."""
    from .offline import offline_kinds
    return offline_kinds()


@hookimpl
def guanai_get_step_down_consequences(volunteer, status):
    """The duties given to a volunteer's account that are released if they pause or leave (issue 30)."""
    if status not in ("paused", "left") or volunteer.user_id is None:
        return []
    from flask_babel import gettext as _

    from ..volunteers.leaving import Consequence
    from .owners import owned_by_user
    rows = owned_by_user(volunteer.user_id)
    if not rows:
        return []
    return [Consequence("duties", _("These %(n)d duties given to you are released", n=len(rows)),
                        tuple(_duty_line(row) for row in rows), order=30)]


def _duty_line(row) -> str:
    from .rules import OWNER_LABELS, duty_name
    what = duty_name(row.duty) if row.duty else str(OWNER_LABELS.get(row.role, row.role))
    where = row.person.name if row.person is not None else (row.place.name if row.place is not None else row.unit)
    return f"{what} · {where}"


@hookimpl
def guanai_on_volunteer_status_changed(volunteer, before, after, reason, actor):
    """A volunteer who pauses or leaves (or is ended) gives back the duties given to their account: each release is
    audited and shows as a gap (the access check, ``scopes.owned_by``, ends their access at once either way)."""
    if after in ("paused", "left") and volunteer.user_id is not None:
        from .owners import release_all
        release_all(actor, volunteer.user_id)
