"""The period a report covers: a quarter or a year, in local dates, with its bounds in stored (UTC) time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask_babel import gettext as _

from ..core.time import from_local, local_today

KINDS = ("quarterly", "annual")


@dataclass(frozen=True)
class Period:
    """A quarter (``quarter`` 1..4) or a whole year (``quarter`` None)."""

    year: int
    quarter: int | None = None

    @property
    def kind(self) -> str:
        return "annual" if self.quarter is None else "quarterly"

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.quarter is None else 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        """The last day of the period (inclusive)."""
        if self.quarter is None or self.quarter == 4:
            return date(self.year, 12, 31)
        return date(self.year, 3 * self.quarter + 1, 1) - timedelta(days=1)

    @property
    def start_utc(self) -> datetime:
        """The first stored moment inside the period (local midnight of the first day, in UTC)."""
        return from_local(datetime.combine(self.start, datetime.min.time()))

    @property
    def end_utc(self) -> datetime:
        """The first stored moment after the period (exclusive bound)."""
        return from_local(datetime.combine(self.end + timedelta(days=1), datetime.min.time()))

    @property
    def label(self) -> str:
        if self.quarter is None:
            return _("Year %(year)s", year=self.year)
        return _("%(year)s, quarter %(quarter)s", year=self.year, quarter=self.quarter)

    @property
    def short_label(self) -> str:
        return str(self.year) if self.quarter is None else f"{self.year} Q{self.quarter}"

    def months(self) -> list[tuple[int, int]]:
        """(year, month) of every month in the period."""
        first = self.start.month
        return [(self.year, m) for m in range(first, self.end.month + 1)]

    def trend_quarters(self) -> list[Period]:
        """The quarters a trend chart shows: the year's four, or the four up to and including this one."""
        if self.quarter is None:
            return [Period(self.year, q) for q in range(1, 5)]
        found, year, quarter = [], self.year, self.quarter
        for _i in range(4):
            found.append(Period(year, quarter))
            year, quarter = (year - 1, 4) if quarter == 1 else (year, quarter - 1)
        return list(reversed(found))


def period_from(kind: str, year: int | None, quarter: int | None) -> Period:
    """Check the chosen period; a ValueError names the field that is wrong."""
    if kind not in KINDS:
        raise ValueError(_("Report: choose quarterly or annual."))
    if year is None or not 2000 <= year <= 2100:
        raise ValueError(_("Year: enter a year between 2000 and 2100."))
    if kind == "annual":
        return Period(year)
    if quarter is None or not 1 <= quarter <= 4:
        raise ValueError(_("Quarter: enter 1, 2, 3 or 4."))
    return Period(year, quarter)


def this_quarter() -> Period:
    today = local_today()
    return Period(today.year, (today.month - 1) // 3 + 1)
