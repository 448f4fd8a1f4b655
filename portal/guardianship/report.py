"""Guardianship in the quarterly and annual reports (001 line 336: 监护责任书; 001 lines 138-140, 358: 家长学校; 003:
"家庭监护情况调查评估 ... 监护干预" and 统计季报、年报): by village, the group's people on the ledger at the period's end,
those the ledger gives no guardian, those whose guardian (as the ledger names them now) has signed the letter by the
period's end, letters signed and guardians trained in the period, assessments in the period and those needing an
intervention, and interventions still open at the end. One grouped query per group with guardianship rules, over
the people the user sees in the area (the annual report's "trained in the period" is "this year")."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import aliased

from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..reports.ledger_sections import village_column
from ..reports.model import Chart, ReportSection, ReportTable
from ..reports.tables import share
from .guardian import name_column, profile_model, rules_of
from .keeping import NEEDS_INTERVENTION
from .models import GuardianshipAssessment, GuardianshipLetter, GuardianTraining

#: The columns of the table after the village, in order (each a sum over people).
FIGURES = ("people", "no_guardian", "letter", "letters", "trained", "assessed", "needing", "open")


def _flag(condition):
    return case((condition, 1), else_=0)


def figures_by_village(report, group: str) -> list[tuple]:
    """(village id, *FIGURES) for the group's people on the ledger at period end in the user's view.

    Each person is left-joined to small per-person aggregates of the letters, trainings and assessments (grouped by
    person), not asked a correlated EXISTS per figure: six EXISTS per person were costed so high that PostgreSQL
    compiled the query (JIT, 2.4 of 2.6 s for a county of 100,000 whose own execution took 0.15 s)."""
    rules = rules_of(group)
    if rules is None:
        return []
    start, end = report.period.start, report.period.end
    model = profile_model(rules)
    guardian = func.coalesce(func.trim(name_column(rules)), "")
    letters = (select(GuardianshipLetter.beneficiary_id.label("pid"), GuardianshipLetter.guardian_name.label("guardian"),
                      func.max(case((GuardianshipLetter.signed_on >= start, 1), else_=0)).label("in_period"))
               .where(GuardianshipLetter.signed_on <= end)
               .group_by(GuardianshipLetter.beneficiary_id, GuardianshipLetter.guardian_name).subquery())
    signed = (select(letters.c.pid, func.max(letters.c.in_period).label("in_period"))
              .group_by(letters.c.pid).subquery())
    trained = (select(GuardianTraining.beneficiary_id.label("pid"))
               .where(GuardianTraining.attended_on.between(start, end)).distinct().subquery())
    assessed = GuardianshipAssessment.assessed_on >= start
    needing = and_(assessed, or_(GuardianshipAssessment.level.in_(NEEDS_INTERVENTION),
                                 GuardianshipAssessment.intervention != ""))
    still_open = and_(GuardianshipAssessment.intervention != "",
                      or_(GuardianshipAssessment.closed_on.is_(None), GuardianshipAssessment.closed_on > end))
    assessments = (select(GuardianshipAssessment.beneficiary_id.label("pid"),
                          func.max(_flag(assessed)).label("assessed"), func.max(_flag(needing)).label("needing"),
                          func.max(_flag(still_open)).label("open"))
                   .where(GuardianshipAssessment.assessed_on <= end)
                   .group_by(GuardianshipAssessment.beneficiary_id).subquery())
    spot = aliased(Place)
    inner = (select(village_column(spot).label("village"), _flag(guardian == "").label("no_guardian"),
                    _flag(and_(guardian != "", letters.c.pid.is_not(None))).label("letter"),
                    func.coalesce(signed.c.in_period, 0).label("letters"),
                    _flag(trained.c.pid.is_not(None)).label("trained"),
                    func.coalesce(assessments.c.assessed, 0).label("assessed"),
                    func.coalesce(assessments.c.needing, 0).label("needing"),
                    func.coalesce(assessments.c.open, 0).label("open"))
             .select_from(Beneficiary).join(spot, spot.id == Beneficiary.place_id)
             .join(model, model.beneficiary_id == Beneficiary.id, isouter=True)
             .join(letters, and_(letters.c.pid == Beneficiary.id, letters.c.guardian == guardian), isouter=True)
             .join(signed, signed.c.pid == Beneficiary.id, isouter=True)
             .join(trained, trained.c.pid == Beneficiary.id, isouter=True)
             .join(assessments, assessments.c.pid == Beneficiary.id, isouter=True)
             .where(*report.people_where(group), report.on_ledger_at_end())).subquery()
    stmt = select(inner.c.village, func.count(),
                  *[func.sum(inner.c[name]) for name in FIGURES[1:]]).group_by(inner.c.village)
    return [(row[0], *(int(v or 0) for v in row[1:])) for row in db.session.execute(stmt).all()]


def guardianship_section(report, group) -> ReportSection | None:
    if rules_of(group.code) is None:
        return None
    rows = []
    for village, people, no_guardian, letter, letters, trained, assessed, needing, still_open in \
            figures_by_village(report, group.code):
        rows.append([report.village_name(village), people, no_guardian, letter, people - letter, share(letter, people),
                     letters, trained, assessed, needing, still_open])
    rows.sort(key=lambda r: (-r[4], r[0]))
    total = [_l("Total"), *[sum(r[i] for r in rows) for i in (1, 2, 3, 4)]]
    total += [share(total[3], total[1]), *[sum(r[i] for r in rows) for i in (6, 7, 8, 9, 10)]]
    chart = Chart(_l("People whose guardian has signed no letter, by village"), "bar",
                  [r[0] for r in rows if r[4]][:20], [r[4] for r in rows if r[4]][:20]) if any(r[4] for r in rows) else None
    table = ReportTable(
        f"{group.code}-guardianship", _l("Guardianship by village"),
        [_l("Village"), _l("On the ledger at the end"), _l("No guardian in the ledger"), _l("Guardian's letter signed"),
         _l("Without a letter"), _l("With a letter (%)"), _l("Letters signed in the period"),
         _l("Guardians trained in the period"), _l("Assessed in the period"), _l("Needing an intervention"),
         _l("Interventions open at the end")],
        rows, total=total, chart=chart,
        note=_l("People on the ledger at the period's end. A letter counts when it was signed by the period's end by "
                "the guardian the ledger names now; needing an intervention: assessed in the period with no "
                "effective guardian or harmed, or with an intervention decided."))
    return ReportSection(f"{group.code}-guardianship", _l("%(group)s: guardianship", group=group.name), [table],
                         group=group.code, order=47)
