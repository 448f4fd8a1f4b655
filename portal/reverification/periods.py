"""When each kind of cycle runs, from the deployment's settings (GUANAI_REVERIFY_MONTHS).

The seeds fix the defaults: a full check in the last month of each quarter (003), a census each March and
September (001), pairings refreshed by the end of March (004), inspections with spot checks in August and
December (001). A cycle runs through its whole month and is due on the month's last day.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

DEFAULT_MONTHS = {"quarterly": (3, 6, 9, 12), "census": (3, 9), "pairing": (3,), "spot": (8, 12)}

KINDS = {"quarterly": _l("Quarterly check"), "census": _l("Census"), "pairing": _l("Pairing refresh"),
         "spot": _l("Spot check")}


@dataclass(frozen=True)
class Period:
    """One run of a kind of cycle: its month, first day and due date."""

    kind: str
    period: str
    opens_on: date
    due_on: date


def months_of(kind: str) -> tuple[int, ...]:
    configured = current_app.config.get("GUANAI_REVERIFY_MONTHS") or {}
    return tuple(configured.get(kind, DEFAULT_MONTHS[kind]))


def period_of(kind: str, year: int, month: int) -> Period:
    last = calendar.monthrange(year, month)[1]
    return Period(kind, f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last))


def current_or_next(kind: str, today: date) -> Period:
    """The run of ``kind`` under way on ``today``, else the next one."""
    months = sorted(months_of(kind))
    for year in (today.year, today.year + 1):
        for month in months:
            p = period_of(kind, year, month)
            if p.due_on >= today:
                return p
    raise ValueError(f"no months configured for {kind}")


def parse_period(kind: str, text: str) -> Period | None:
    """A period typed as YYYY-MM, if it is one of the kind's months; else None."""
    try:
        year, month = (int(x) for x in text.split("-"))
    except ValueError:
        return None
    if not 2000 <= year <= 2100 or month not in months_of(kind):
        return None
    return period_of(kind, year, month)
