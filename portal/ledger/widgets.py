"""A group's place in the navigation and on the dashboard: its ledger link and its counts widget."""
from __future__ import annotations

from flask import url_for
from sqlalchemy import func, select

from ..core.scoping import scoped
from ..core.time import local_today, years_before
from ..extensions import db
from ..plugin.manager import current_plugins
from ..plugin.records import NavItem, Widget
from ..web.access import can_open_group
from .models import Beneficiary


def group_nav_item(group: str, user, order: int = 20) -> list[NavItem]:
    """The link to a group's ledger, for the users who may open it."""
    if not can_open_group(user, group):
        return []
    return [NavItem(label=current_plugins().group(group).name, endpoint="ledger.index", order=order,
                    kwargs={"group": group})]


def ledger_counts(group: str, user, age_limits: dict[str | None, int]) -> dict:
    """Active people of a group in the user's view: total, per category, and how many passed their age limit.

    ``age_limits`` maps a category code to the age at which its people leave the group; the key None
    gives the limit for every other category. An empty mapping means the group has no age limit.
    """
    g = current_plugins().group(group)
    active = scoped(Beneficiary, user, select(Beneficiary.category, func.count(Beneficiary.id))).where(
        Beneficiary.group == group, Beneficiary.status == "active")
    per = dict(db.session.execute(active.group_by(Beneficiary.category)).all())
    aged_out = 0
    named = [code for code in age_limits if code is not None]
    for code, limit in age_limits.items():
        cutoff = years_before(local_today(), limit)
        stmt = scoped(Beneficiary, user, select(func.count(Beneficiary.id))).where(
            Beneficiary.group == group, Beneficiary.status == "active", Beneficiary.birth_date <= cutoff)
        stmt = stmt.where(Beneficiary.category == code) if code is not None else stmt.where(
            Beneficiary.category.is_(None) | Beneficiary.category.not_in(named))
        aged_out += db.session.execute(stmt).scalar_one()
    return {"total": sum(per.values()), "aged_out": aged_out,
            "by_category": [(c.name, per.get(c.code, 0)) for c in g.categories],
            "link": url_for("ledger.index", group=group)}


def counts_widget(group: str, user, age_limits: dict[str | None, int] | None = None, order: int = 20) -> list[Widget]:
    """The standard dashboard widget of a group: counts by category and the aged-out to review."""
    if not can_open_group(user, group):
        return []
    return [Widget(title=current_plugins().group(group).name, template="widgets/counts.html",
                   context=lambda u: ledger_counts(group, u, age_limits or {}), order=order)]
