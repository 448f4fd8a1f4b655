"""The periodic services in the quarterly and annual reports (003: 统计季报、年报; "services delivered", domain.md):
per service, the active people it is for and how many of them received it in the period, counted in SQL."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..reports.model import ReportSection, ReportTable
from ..reports.tables import share
from .models import ServiceRecord


def periodic_section(report) -> ReportSection:
    start, end = report.period.start, report.period.end
    rows = []
    for group in report.groups:
        for service in current_plugins().periodic_services(group.code):
            people = select(Beneficiary.id).where(*report.people_where(group.code), Beneficiary.status == "active")
            if service.applies is not None:
                people = people.where(service.applies())
            owed = db.session.execute(select(func.count()).select_from(people.subquery())).scalar_one()
            got = db.session.execute(select(func.count(func.distinct(ServiceRecord.beneficiary_id))).where(
                ServiceRecord.service == service.key, ServiceRecord.day.between(start, end),
                ServiceRecord.beneficiary_id.in_(people))).scalar_one()
            rows.append([group.name, service.name, owed, got, share(got, owed)])
    table = ReportTable("periodic", _l("Periodic services"),
                        [_l("Group"), _l("Service"), _l("People it is for"), _l("Received in the period"),
                         _l("Share (%)")], rows)
    return ReportSection("periodic", _l("Periodic services"), [table], order=65)
