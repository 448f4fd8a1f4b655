"""The holidays visited for (004, 002) and their dates: fixed days, lunar ones from a table, birthdays per person."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ..core.texts import Text

#: Gregorian dates of the lunar holidays (the Spring Festival, 春节; the Double Ninth, 重阳节).
LUNAR = {
    "spring_festival": {2025: date(2025, 1, 29), 2026: date(2026, 2, 17), 2027: date(2027, 2, 6),
                        2028: date(2028, 1, 26), 2029: date(2029, 2, 13), 2030: date(2030, 2, 3)},
    "double_ninth": {2025: date(2025, 10, 29), 2026: date(2026, 10, 18), 2027: date(2027, 10, 8),
                     2028: date(2028, 10, 26), 2029: date(2029, 10, 16), 2030: date(2030, 10, 5)},
}


@dataclass(frozen=True)
class Holiday:
    """A holiday campaign: visits with this occasion within the window around its day count for it."""

    code: str
    label: Text
    month: int | None = None        # a fixed day of the year
    day: int | None = None
    lunar: bool = False             # dates from LUNAR
    birthday: bool = False          # each person's own birthday: campaigns by month
    before: int = 20                # days before the day a visit counts
    after: int = 10                 # and after
    years: tuple[int, ...] = field(default=())

    def day_in(self, year: int) -> date | None:
        """The holiday's date in ``year`` (None for birthdays, or a lunar year not in the table)."""
        if self.lunar:
            return LUNAR[self.code].get(year)
        if self.month and self.day:
            return date(year, self.month, self.day)
        return None

    def window(self, year: int) -> tuple[date, date] | None:
        """The first and last local day on which a visit counts for the holiday in ``year``."""
        day = self.day_in(year)
        return (day - timedelta(days=self.before), day + timedelta(days=self.after)) if day else None


def _mothers_day(year: int) -> date:
    """The second Sunday of May."""
    first = date(year, 5, 1)
    return first + timedelta(days=(6 - first.weekday()) % 7 + 7)


class MothersDay(Holiday):
    def day_in(self, year: int) -> date | None:
        return _mothers_day(year)


HOLIDAYS: dict[str, Holiday] = {h.code: h for h in (
    Holiday("spring_festival", Text("春节", "Spring Festival"), lunar=True),
    Holiday("new_year", Text("元旦", "New Year"), 1, 1),
    Holiday("womens_day", Text("三八妇女节", "Women's Day"), 3, 8),
    MothersDay("mothers_day", Text("母亲节", "Mother's Day")),
    Holiday("childrens_day", Text("六一儿童节", "Children's Day"), 6, 1),
    Holiday("summer_holiday", Text("暑假", "Summer holiday"), 7, 15, before=15, after=45),
    Holiday("double_ninth", Text("重阳节", "Double Ninth Festival"), lunar=True),
    Holiday("birthday", Text("生日", "Birthday"), birthday=True),
)}
