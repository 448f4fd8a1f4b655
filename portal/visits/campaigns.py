"""Holiday visit campaigns (004, 002): for a holiday and year, who in view has been visited for it and who not."""
from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import extract, func, select

from ..core.scoping import scoped
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from .due import _cut
from .holidays import HOLIDAYS, Holiday
from .models import Visit
from ..core.sql import by_pinyin


def campaign_groups(code: str) -> list[str]:
    """The groups whose visit rules ask for this holiday's visits."""
    plugins = current_plugins()
    return [g for g in plugins.groups if any(code in r.holidays for r in plugins.visit_rules(g))]


def holidays_in_use(groups: list[str] | None = None) -> list[Holiday]:
    """The holidays some group's rules ask visits for, in calendar order."""
    plugins = current_plugins()
    codes = {c for g in (groups or plugins.groups) if g in plugins.groups for r in plugins.visit_rules(g)
             for c in r.holidays}
    return [h for code, h in HOLIDAYS.items() if code in codes]


def window(holiday: Holiday, year: int, month: int | None) -> tuple[date, date] | None:
    """The local days a visit counts for the campaign: around the holiday, or the birthday month."""
    if holiday.birthday:
        m = month or 1
        return date(year, m, 1), date(year, m, monthrange(year, m)[1])
    return holiday.window(year)


@dataclass
class CampaignRow:
    person: Beneficiary
    visited_at: datetime | None


def campaign(user, holiday: Holiday, year: int, month: int | None = None, group: str | None = None,
             place: Place | None = None) -> tuple[list[CampaignRow], tuple[date, date] | None]:
    """Every active person in view the campaign is for, with their latest visit for it in its window."""
    span = window(holiday, year, month)
    groups = [g for g in campaign_groups(holiday.code) if group in (None, "", g)]
    if span is None or not groups:
        return [], span
    start, end = span
    done = (select(Visit.beneficiary_id.label("pid"), func.max(Visit.visited_at).label("at"))
            .where(Visit.occasion == holiday.code, Visit.visited_at >= _cut(start),
                   Visit.visited_at < _cut(date.fromordinal(end.toordinal() + 1)))
            .group_by(Visit.beneficiary_id).subquery())
    stmt = scoped(Beneficiary, user, select(Beneficiary, done.c.at)).outerjoin(done, done.c.pid == Beneficiary.id) \
        .where(Beneficiary.status == "active", Beneficiary.group.in_(groups))
    if holiday.birthday:
        stmt = stmt.where(extract("month", Beneficiary.birth_date) == (month or 1))
    if place is not None:
        stmt = stmt.where(Beneficiary.place_id.in_(subtree_ids(place)))
    rows = [CampaignRow(p, at) for p, at in db.session.execute(stmt.order_by(by_pinyin(Beneficiary.name), Beneficiary.id)).all()]
    return rows, span
