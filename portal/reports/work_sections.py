"""Core sections for the whole area: services delivered (activities, attendance, hours by month) and volunteers."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import case, extract, func, not_, select

from ..activities.hours import counted
from ..activities.models import Activity, HoursEntry, SignUp
from ..core.scoping import visible
from ..core.texts import vocabularies
from ..extensions import db
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .context import Report
from .model import Chart, ReportSection, ReportTable
from .tables import count_table

#: How long a background check stays valid, and how far ahead a report warns (a deployment may change both).
CHECK_VALID_DAYS = 365
CHECK_WARN_DAYS = 90


def _activities_where(report: Report) -> list:
    return [visible(Activity, report.user), report.in_area(Activity.place_id),
            Activity.group.in_([g.code for g in report.groups]), Activity.status != "cancelled",
            Activity.starts_at >= report.period.start_utc, Activity.starts_at < report.period.end_utc]


def activities_table(report: Report) -> ReportTable:
    """Activities held in the period by service, with places confirmed and attendance."""
    confirmed = func.sum(case((SignUp.status == "confirmed", 1), else_=0))
    attended = func.sum(case(((SignUp.status == "confirmed") & SignUp.attended.is_(True), 1), else_=0))
    stmt = (select(Activity.service, func.count(func.distinct(Activity.id)), confirmed, attended)
            .select_from(Activity).outerjoin(SignUp, SignUp.activity_id == Activity.id)
            .where(*_activities_where(report)).group_by(Activity.service).order_by(Activity.service))
    services = current_plugins().services
    rows = [[str(services[key].name) if key in services else key, held, int(c or 0), int(a or 0)]
            for key, held, c, a in db.session.execute(stmt).all()]
    total = [_l("Total"), *[sum(r[i] for r in rows) for i in (1, 2, 3)]]
    return ReportTable("activities", _l("Activities held, by service"),
                       [_l("Service"), _l("Activities held"), _l("Volunteers signed up"), _l("Volunteers attended")],
                       rows, total=total)


def _hours_where(report: Report) -> list:
    in_area = select(Volunteer.id).where(report.in_area(Volunteer.place_id))
    return [visible(HoursEntry, report.user), HoursEntry.volunteer_id.in_(in_area),
            HoursEntry.day >= report.period.start, HoursEntry.day <= report.period.end,
            counted()]  # hours count once confirmed (issue 27)


def hours_table(report: Report) -> ReportTable:
    """Volunteer hours given in each month of the period, and by how many volunteers."""
    inner = (select(extract("year", HoursEntry.day).label("y"), extract("month", HoursEntry.day).label("m"),
                    HoursEntry.hours, HoursEntry.volunteer_id).where(*_hours_where(report))).subquery()
    stmt = (select(inner.c.y, inner.c.m, func.sum(inner.c.hours), func.count(func.distinct(inner.c.volunteer_id)))
            .group_by(inner.c.y, inner.c.m))
    found = {(int(y), int(m)): (float(h or 0), n) for y, m, h, n in db.session.execute(stmt).all()}
    rows = [[f"{y}-{m:02d}", round(found.get((y, m), (0, 0))[0], 1), found.get((y, m), (0, 0))[1]]
            for y, m in report.period.months()]
    total_people = db.session.execute(select(func.count(func.distinct(HoursEntry.volunteer_id)))
                                      .where(*_hours_where(report))).scalar_one()
    table = ReportTable("hours", _l("Volunteer hours by month"), [_l("Month"), _l("Hours"), _l("Volunteers")], rows,
                        total=[_l("Total"), round(sum(r[1] for r in rows), 1), total_people])
    table.chart = Chart(_l("Hours by month"), "column", [r[0] for r in rows], [r[1] for r in rows])
    return table


def services_section(report: Report) -> ReportSection:
    return ReportSection("services", _l("Services delivered"), [activities_table(report), hours_table(report)],
                         order=80)


def _volunteers_where(report: Report) -> list:
    return [visible(Volunteer, report.user), report.in_area(Volunteer.place_id)]


def volunteers_summary(report: Report) -> ReportTable:
    """Active and new volunteers, hours, and background checks expired or expiring soon."""
    p = report.period
    valid = current_app.config.get("GUANAI_CHECK_VALID_DAYS", CHECK_VALID_DAYS)
    warn = current_app.config.get("GUANAI_CHECK_WARN_DAYS", CHECK_WARN_DAYS)
    expiring_before = p.end - timedelta(days=valid - warn)   # checked before this: expired or expiring within warn
    active = Volunteer.status == "active"
    flags = {
        "active": active,
        "new": (Volunteer.created_at >= p.start_utc) & (Volunteer.created_at < p.end_utc),
        "no_check": active & (Volunteer.background_check != "passed"),
        "expiring": active & (Volunteer.background_check == "passed")
                    & (Volunteer.background_checked_on < expiring_before),
    }
    row = db.session.execute(select(*[func.sum(case((c, 1), else_=0)) for c in flags.values()])
                             .where(*_volunteers_where(report))).one()
    hours = db.session.execute(select(func.coalesce(func.sum(HoursEntry.hours), 0),
                                      func.count(func.distinct(HoursEntry.volunteer_id)))
                               .where(*_hours_where(report))).one()
    labels = [_l("Active volunteers (now)"), _l("New volunteers in the period"),
              _l("Active volunteers without a passed background check"),
              _l("Background checks expired or expiring within %(days)s days", days=warn)]
    rows = [[label, int(n or 0)] for label, n in zip(labels, row)]
    waiting = _hours_where(report)[:-1] + [not_(counted())]
    pending = db.session.execute(select(func.coalesce(func.sum(HoursEntry.hours), 0)).where(*waiting)).scalar_one()
    rows += [[_l("Hours given in the period"), round(float(hours[0]), 1)],
             [_l("Volunteers who gave hours"), hours[1]],
             [_l("Hours logged, waiting for confirmation (not counted)"), round(float(pending), 1)]]
    return ReportTable("volunteers", _l("Volunteers"), [_l("Measure"), _l("Value")], rows)


def volunteers_by_kind(report: Report) -> ReportTable:
    stmt = (select(Volunteer.kind, func.count(Volunteer.id))
            .where(*_volunteers_where(report), Volunteer.status == "active").group_by(Volunteer.kind))
    return count_table("volunteer-kinds", _l("Active volunteers by kind"), _l("Kind"),
                       dict(db.session.execute(stmt).all()), vocabularies().choices("volunteer_kinds"))


def volunteers_section(report: Report) -> ReportSection:
    return ReportSection("volunteers", _l("Volunteers"), [volunteers_summary(report), volunteers_by_kind(report)],
                         order=90)
