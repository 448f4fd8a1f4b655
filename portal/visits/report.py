"""Visits in the quarterly and annual reports (issue 18): done against required, on time, late, missed; by helper.

Required visits, a documented approximation: the period is cut into windows of the rule's ``every_days``
from its first day (the last window may be shorter); a person owes one visit for each window at whose end
they were on the ledger (and, for a rule carried by a pairing, had such a pairing running). That is about
ceil(days on the ledger in the period / every_days). A visit is on time when it came within ``every_days``
(plus a day's grace for the hour) of the previous visit for the same person and rule, or, for the first one,
of the later of the period's start and the person's registration. Missed = required - done, floored at 0
per person. Everything is counted in SQL; the database moves times with the ``shifted`` construct, written
for SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, DateTime, and_, case, func, literal, or_, select, union_all
from sqlalchemy.orm import aliased

from ..assignment.models import Pairing
from ..core.sql import shifted
from ..core.time import from_local
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..plugin.records import service_key
from ..reports.ledger_sections import village_column
from ..reports.model import Chart, CommendationMeasure, ReportSection, ReportTable
from ..reports.tables import share
from .models import Visit, visit_helpers


def _cut(day: date) -> datetime:
    """The UTC moment local ``day`` begins."""
    return from_local(datetime.combine(day, time.min))


def windows(start: date, end: date, every_days: int) -> list[date]:
    """The last day of each window of ``every_days`` from ``start``, the last one cut at ``end``."""
    found, day = [], start
    while day <= end:
        found.append(min(day + timedelta(days=every_days - 1), end))
        day += timedelta(days=every_days)
    return found


def every_days_of_visit():
    """A CASE giving a visit's rule interval from its person's group and its rule (None: not a tracked rule)."""
    plugins = current_plugins()
    whens = [(and_(Beneficiary.group == group, Visit.rule == rule.code), rule.every_days)
             for group in plugins.groups for rule in plugins.visit_rules_tracked(group)]
    return case(*whens, else_=None) if whens else literal(None)


def on_time(start_utc: datetime):
    """1 for a visit made in time (see the module's docstring), else 0; over ``Visit`` joined to its person."""
    earlier = aliased(Visit)
    previous = (select(func.max(earlier.visited_at))
                .where(earlier.beneficiary_id == Visit.beneficiary_id, earlier.rule == Visit.rule,
                       earlier.visited_at < Visit.visited_at).correlate(Visit).scalar_subquery())
    first_anchor = case((Beneficiary.created_at > start_utc, Beneficiary.created_at), else_=start_utc)
    anchor = func.coalesce(previous, first_anchor)
    minutes = (every_days_of_visit() + 1) * 1440
    return case((Visit.visited_at < shifted(anchor, minutes), 1), else_=0)


def window_table(start: date, end: date, every_days: int):
    """The rule's windows as a derived table: ``day`` (the window's last local day) and ``cut`` (the UTC moment
    the next day begins). A UNION ALL of literal rows: both databases know exactly how many there are."""
    rows = [select(literal(day, Date).label("day"), literal(_cut(day + timedelta(days=1)), DateTime).label("cut"))
            for day in windows(start, end, every_days)]
    return union_all(*rows).subquery("windows") if len(rows) > 1 else rows[0].subquery("windows")


def _pairing_running(group: str, rule, day):
    """The person had a pairing carrying ``rule`` running at the end of ``day`` (a date or a column)."""
    found = select(Pairing.id).where(
        Pairing.beneficiary_id == Beneficiary.id, Pairing.status != "declined", Pairing.started_on <= day,
        or_(Pairing.ended_on.is_(None), Pairing.ended_on > day),
        Pairing.service.in_([service_key(group, s) for s in rule.services]))
    if rule.roles:
        found = found.where(Pairing.role.in_(rule.roles))
    return found.exists()


def _rule_people(report, group: str, rule) -> list:
    where = report.people_where(group)
    if rule.categories:
        where.append(Beneficiary.category.in_(rule.categories))
    return where


def required_and_missed(report, group: str, rule) -> dict[int, tuple[int, int]]:
    """{village id: (visits required, visits missed)} for one rule, one row per person summed in SQL.

    The people are joined to the rule's windows (a person owes a visit for each window at whose end they were
    on the ledger, and paired when a pairing carries the rule: an EXISTS the planner makes a semi-join), then
    to their visits counted once per person. It was a CASE per window with an IN subquery each, which
    PostgreSQL ran as a subplan per person and window until the tables were analyzed: 74 s for a county's
    annual report (issue 32).
    """
    period = report.period
    win = window_table(period.start, period.end, rule.every_days)
    spot = aliased(Place)
    people = _rule_people(report, group, rule)
    owed = and_(Beneficiary.created_at < win.c.cut, or_(Beneficiary.left_on.is_(None), Beneficiary.left_on > win.c.day))
    paired = [_pairing_running(group, rule, win.c.day)] if rule.services else []
    required = (select(Beneficiary.id.label("pid"), village_column(spot).label("village"), func.count().label("req"))
                .select_from(Beneficiary).join(spot, spot.id == Beneficiary.place_id).join(win, owed)
                .where(*people, *paired)
                .group_by(Beneficiary.id, spot.level, spot.parent_id, spot.id)).subquery()
    done = (select(Visit.beneficiary_id.label("pid"), func.count().label("done"))
            .where(Visit.rule == rule.code, Visit.visited_at >= period.start_utc, Visit.visited_at < period.end_utc,
                   Visit.beneficiary_id.in_(select(Beneficiary.id).where(*people)))
            .group_by(Visit.beneficiary_id)).subquery()
    made = func.coalesce(done.c.done, 0)
    missed = case((required.c.req > made, required.c.req - made), else_=0)
    stmt = (select(required.c.village, func.sum(required.c.req), func.sum(missed))
            .select_from(required).outerjoin(done, done.c.pid == required.c.pid).group_by(required.c.village))
    return {v: (int(r or 0), int(m or 0)) for v, r, m in db.session.execute(stmt).all()}


def done_and_on_time(report, group: str) -> dict[tuple[str, int], tuple[int, int]]:
    """{(rule, village id): (visits done in the period, of them on time)} for the group's people in view."""
    period = report.period
    spot = aliased(Place)
    inner = (select(Visit.rule.label("rule"), village_column(spot).label("village"),
                    on_time(period.start_utc).label("ok"))
             .select_from(Visit).join(Beneficiary, Beneficiary.id == Visit.beneficiary_id)
             .join(spot, spot.id == Beneficiary.place_id)
             .where(*report.people_where(group), Visit.visited_at >= period.start_utc,
                    Visit.visited_at < period.end_utc, Visit.rule.is_not(None))).subquery()
    stmt = select(inner.c.rule, inner.c.village, func.count(), func.sum(inner.c.ok)).group_by(
        inner.c.rule, inner.c.village)
    return {(r, v): (int(n), int(ok or 0)) for r, v, n, ok in db.session.execute(stmt).all()}


def visits_table(report, group) -> ReportTable:
    """Per tracked rule and village: required, done, on time, late, missed; a chart of visits on time."""
    done = done_and_on_time(report, group.code)
    rows, per_village = [], defaultdict(int)
    for rule in current_plugins().visit_rules_tracked(group.code):
        owed = required_and_missed(report, group.code, rule)
        villages = {v for v, (req, _m) in owed.items() if req} | {v for (r, v) in done if r == rule.code}
        for v in sorted(villages, key=report.village_name):
            req, missed = owed.get(v, (0, 0))
            n, ok = done.get((rule.code, v), (0, 0))
            rows.append([rule.name, report.village_name(v), req, n, ok, n - ok, missed, share(ok, req)])
            per_village[v] += ok
    total = [_l("Total"), "", *[sum(r[i] for r in rows) for i in range(2, 7)]]
    total.append(share(total[4], total[2]))
    table = ReportTable(
        f"{group.code}-visits", _l("Visits done against required, by rule and village"),
        [_l("Rule"), _l("Village"), _l("Required"), _l("Visits made"), _l("On time"), _l("Late"), _l("Missed"),
         _l("On time against required (%)")], rows, total=total,
        note=_l("Required: one visit per interval of the rule the person was on the ledger (and paired, when a "
                "pairing carries the rule) at its end."))
    villages = sorted(per_village, key=report.village_name)
    table.chart = Chart(_l("Visits on time"), "bar", [report.village_name(v) for v in villages],
                        [per_village[v] for v in villages])
    return table


def visits_section(report, group) -> ReportSection:
    return ReportSection(f"{group.code}-visits", _l("%(group)s: visits", group=group.name),
                         [visits_table(report, group)], group=group.code, order=40)


def visits_on_time_measure(period) -> CommendationMeasure:
    """Visits each helper made in ``period`` that were on time (a visit with two helpers counts for both)."""
    query = (select(visit_helpers.c.volunteer_id.label("vid"), func.sum(on_time(period.start_utc)).label("n"))
             .select_from(visit_helpers).join(Visit, Visit.id == visit_helpers.c.visit_id)
             .join(Beneficiary, Beneficiary.id == Visit.beneficiary_id)
             .where(Visit.visited_at >= period.start_utc, Visit.visited_at < period.end_utc,
                    Visit.rule.is_not(None), every_days_of_visit().is_not(None))
             .group_by(visit_helpers.c.volunteer_id))
    return CommendationMeasure("visits_on_time", _l("Visits on time"), query, order=40)
