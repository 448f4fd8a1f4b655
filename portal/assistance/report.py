"""The register in the quarterly and annual reports (003: 统计季报、年报): per programme, applications and grants in
the period, people receiving at its end and the monthly amount, counted in SQL."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, case, func, or_, select

from ..core.scoping import visible
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..reports.model import ReportSection, ReportTable
from .models import RECEIVING, AssistanceCase


def assistance_section(report) -> ReportSection:
    start, end = report.period.start, report.period.end
    groups = [g.code for g in report.groups]
    receiving = and_(AssistanceCase.state.in_((*RECEIVING, "ended")), AssistanceCase.approved_on <= end,
                     or_(AssistanceCase.ended_on.is_(None), AssistanceCase.ended_on > end))
    stmt = (select(AssistanceCase.programme,
                   func.sum(case((AssistanceCase.applied_on.between(start, end), 1), else_=0)),
                   func.sum(case((AssistanceCase.approved_on.between(start, end), 1), else_=0)),
                   func.sum(case((receiving, 1), else_=0)),
                   func.sum(case((receiving, AssistanceCase.amount), else_=0)))
            .join(Beneficiary, Beneficiary.id == AssistanceCase.beneficiary_id)
            .where(visible(AssistanceCase, report.user), Beneficiary.group.in_(groups),
                   report.in_area(Beneficiary.place_id))
            .group_by(AssistanceCase.programme))
    figures = {row[0]: row[1:] for row in db.session.execute(stmt)}
    rows = []
    for code, programme in current_plugins().assistance_programmes().items():
        applied, approved, people, amount = figures.get(code, (0, 0, 0, 0))
        rows.append([programme.name, int(applied or 0), int(approved or 0), int(people or 0), float(amount or 0)])
    total = [_l("Total"), *(sum(r[i] for r in rows) for i in (1, 2, 3)), round(sum(r[4] for r in rows), 2)]
    table = ReportTable("assistance", _l("Social assistance"),
                        [_l("Programme"), _l("Applied in the period"), _l("Approved in the period"),
                         _l("Receiving at the end"), _l("Monthly amount at the end (yuan)")], rows, total=total)
    return ReportSection("assistance", _l("Social assistance"), [table], order=70)
