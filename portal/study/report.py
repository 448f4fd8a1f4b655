"""Study plans in the quarterly and annual reports (000 line 17, 001 lines 20 and 74: 学习帮扶计划, 进步档案; 003:
统计季报、年报): by village, the pairings of a study service running at the period's end (or today, if the period
has not ended), how many have a plan for the term in force on that day and how many have none, the progress entries
and the term summaries written in the period. One grouped query per group keeping plans, scoped to the user."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from ..assignment.models import Pairing
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..reports.context import running_at
from ..reports.ledger_sections import village_column
from ..reports.model import Chart, ReportSection, ReportTable
from ..reports.tables import share
from .models import ProgressEntry, StudyPlan
from .plans import rules_of, study_services
from .terms import term_of


def _in_period(report):
    """Correlated counts for the outer pairing: its progress entries dated in the period, its plans whose summary
    was written in the period."""
    start, end = report.period.start, report.period.end
    entries = (select(func.count(ProgressEntry.id)).join(StudyPlan, StudyPlan.id == ProgressEntry.plan_id)
               .where(StudyPlan.pairing_id == Pairing.id, ProgressEntry.entry_on.between(start, end))
               .correlate(Pairing).scalar_subquery())
    summaries = (select(func.count(StudyPlan.id)).where(StudyPlan.pairing_id == Pairing.id,
                                                        StudyPlan.summary_on.between(start, end))
                 .correlate(Pairing).scalar_subquery())
    return entries, summaries


def figures_by_village(report, group: str) -> list[tuple[int | None, int, int, int, int]]:
    """(village id, pairings running, with this term's plan, progress entries in the period, summaries written
    in the period) for the group's study pairings in the user's view, counted in SQL."""
    rules = rules_of(group)
    if rules is None or not rules.services:
        return []
    day = min(report.period.end, local_today())
    term = term_of(rules, day)
    spot = aliased(Place)
    entries, summaries = _in_period(report)
    has_plan = (select(StudyPlan.id).where(StudyPlan.pairing_id == Pairing.id, StudyPlan.term_start == term.start)
                .correlate(Pairing).exists())
    inner = (select(village_column(spot).label("village"),
                    case((has_plan, 1), else_=0).label("planned"),
                    entries.label("entries"), summaries.label("summaries"))
             .select_from(Pairing).join(Beneficiary, Beneficiary.id == Pairing.beneficiary_id)
             .join(spot, spot.id == Beneficiary.place_id)
             .where(*report.people_where(group), Pairing.service.in_(sorted(study_services(rules))),
                    running_at(day))).subquery()
    stmt = (select(inner.c.village, func.count(), func.sum(inner.c.planned), func.sum(inner.c.entries),
                   func.sum(inner.c.summaries)).group_by(inner.c.village))
    return [(v, int(n), int(p or 0), int(e or 0), int(s or 0)) for v, n, p, e, s in db.session.execute(stmt).all()]


def study_section(report, group) -> ReportSection | None:
    rules = rules_of(group.code)
    if rules is None or not rules.services:
        return None
    term = term_of(rules, min(report.period.end, local_today()))
    rows = sorted(([report.village_name(v), n, planned, n - planned, share(planned, n), entries, summaries]
                   for v, n, planned, entries, summaries in figures_by_village(report, group.code)),
                  key=lambda r: (-r[3], r[0]))
    total = [_l("Total"), *[sum(r[i] for r in rows) for i in (1, 2, 3)]]
    total += [share(total[2], total[1]), sum(r[5] for r in rows), sum(r[6] for r in rows)]
    chart = Chart(_l("Study pairings without this term's plan, by village"), "bar",
                  [r[0] for r in rows if r[3]][:20], [r[3] for r in rows if r[3]][:20]) if any(r[3] for r in rows) else None
    table = ReportTable(
        f"{group.code}-study", _l("Study plans by village"),
        [_l("Village"), _l("Study pairings running"), _l("With this term's plan"), _l("Without a plan"),
         _l("With a plan (%)"), _l("Progress entries in the period"), _l("Term summaries in the period")],
        rows, total=total, chart=chart,
        note=_l("Pairings of a study service running at the period's end (today, if it has not ended); "
                "the plan is the one for the term in force on that day (%(term)s).", term=term.label))
    return ReportSection(f"{group.code}-study", _l("%(group)s: study plans and progress", group=group.name), [table],
                         group=group.code, order=46)
