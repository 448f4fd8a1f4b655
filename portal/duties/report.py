"""Duties in the quarterly and annual reports (issue 28): done against due, by village, duty and owner role.

Due, a documented approximation: each person who has the duty now (the kept due table) owes one for each full
interval of the rule between the later of the period's start and their registration, and the earlier of the
period's end and today. Done: the visits logged for the duty, the family contacts, or the knock rounds of the
person's grid, in the period, counted up to what was due (per person). Holiday and birthday visits are not
counted here (the visits section counts the holiday campaigns). Everything is summed in SQL.
"""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, Integer, case, cast, func, literal, select
from sqlalchemy.orm import aliased

from ..core.sql import day_of, days_between
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..reports.ledger_sections import village_column
from ..reports.model import ReportSection, ReportTable
from ..reports.tables import share
from ..visits.due import local_offset_minutes
from ..visits.models import Visit
from .models import DutyDue, FamilyContact, KnockRound
from .rules import OWNER_LABELS, rules_in_force


def _done(rule, period):
    """The number of times ``rule`` was done for the person of the outer row within the period."""
    if rule.action == "knock":
        return (select(func.count(KnockRound.id)).where(
            KnockRound.place_id == Beneficiary.place_id, KnockRound.day >= period.start,
            KnockRound.day <= period.end).correlate(Beneficiary).scalar_subquery())
    if rule.action == "family_call":
        return (select(func.count(FamilyContact.id)).where(
            FamilyContact.beneficiary_id == Beneficiary.id, FamilyContact.contacted_on >= period.start,
            FamilyContact.contacted_on <= period.end).correlate(Beneficiary).scalar_subquery())
    return (select(func.count(Visit.id)).where(
        Visit.beneficiary_id == Beneficiary.id, Visit.rule.in_((rule.code, *rule.counts)),
        Visit.visited_at >= period.start_utc, Visit.visited_at < period.end_utc)
        .correlate(Beneficiary).scalar_subquery())


def done_and_due(report, group: str) -> list[tuple[str, int | None, str, int, int]]:
    """(duty key, village id, owner role, due, done up to due) for the group's people in view."""
    period = report.period
    end = min(period.end, local_today())
    out = []
    for rule in rules_in_force(group):
        if not rule.every_days or rule.done is not None or rule.quota is not None:   # a quota is the owner's
            continue
        spot = aliased(Place)
        registered = day_of(Beneficiary.created_at, local_offset_minutes())
        start = case((registered > literal(period.start, Date), registered), else_=literal(period.start, Date))
        days = days_between(literal(end + timedelta(days=1), Date), start)
        due = case((days > 0, cast(days / rule.every_days, Integer)), else_=0)
        inner = (select(village_column(spot).label("village"), DutyDue.owner_role.label("role"), due.label("due"),
                        _done(rule, period).label("done"))
                 .select_from(DutyDue).join(Beneficiary, Beneficiary.id == DutyDue.beneficiary_id)
                 .join(spot, spot.id == Beneficiary.place_id)
                 .where(DutyDue.duty == rule.key, *report.people_where(group))).subquery()
        capped = case((inner.c.done > inner.c.due, inner.c.due), else_=inner.c.done)
        stmt = (select(inner.c.village, inner.c.role, func.sum(inner.c.due), func.sum(capped))
                .group_by(inner.c.village, inner.c.role))
        out += [(rule.key, v, role, int(d or 0), int(n or 0)) for v, role, d, n in db.session.execute(stmt).all()]
    return out


def duties_table(report, group) -> ReportTable:
    names = {r.key: r.name for r in rules_in_force(group.code)}
    rows = [[names.get(key, key), report.village_name(v), str(OWNER_LABELS.get(role, role)), due, done,
             max(due - done, 0), share(done, due)]
            for key, v, role, due, done in sorted(done_and_due(report, group.code),
                                                  key=lambda r: (r[0], report.village_name(r[1])))]
    total = [_l("Total"), "", "", *[sum(r[i] for r in rows) for i in (3, 4, 5)]]
    total.append(share(total[4], total[3]))
    return ReportTable(f"{group.code}-duties", _l("Duties done against due, by duty, village and owner"),
                       [_l("Duty"), _l("Village"), _l("Owner role"), _l("Due"), _l("Done"), _l("Missed"),
                        _l("Done against due (%)")], rows, total=total,
                       note=_l("Due: one for each full interval of the duty between the later of the period's start "
                               "and the person's registration and the earlier of its end and today, for the people "
                               "who have the duty now; done counted up to what was due."))


def duties_section(report, group) -> ReportSection:
    return ReportSection(f"{group.code}-duties", _l("%(group)s: duties", group=group.name),
                         [duties_table(report, group)], group=group.code, order=41)
