"""An owner's day (issue 28, "my duties"): what they own past due, due today and due this week, a section at
a time for a busy cadre; their grids' knock rounds as one item each; a class teacher's weekly quota of talks."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import case, func, select
from sqlalchemy.orm import aliased

from ..core.sql import by_pinyin
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from .lists import Item, items_of, select_items
from .models import DutyDue, KnockRound
from .scopes import owned_by


@dataclass
class Round:
    """A grid's knock round on an owner's day: the place, the people behind its doors, whether done today."""

    place_id: int
    place: str
    people: int
    households: int
    due_on: date
    done_today: bool
    found: str = ""

    def as_json(self) -> dict:
        return {**asdict(self), "due_on": self.due_on.isoformat()}


@dataclass
class Quota:
    """An owner's quota this period (a teacher's talks with 3-5 pupils this week, 001): how many so far."""

    duty: str
    name: str
    low: int
    high: int
    done: int
    since: date

    @property
    def short(self) -> bool:
        return self.done < self.low

    def as_json(self) -> dict:
        return {**asdict(self), "since": self.since.isoformat(), "short": self.short}


#: An owner's day in sections of due days: past due, today, and the rest of the week.
SECTIONS = ("overdue", "today", "week")
#: The days an owner's day looks ahead, today included.
WEEK_DAYS = 7


def week_until(today: date, days: int = WEEK_DAYS) -> date:
    """The last day an owner's day looks at."""
    return today + timedelta(days=days - 1)


@dataclass
class Day:
    """An owner's duties: overdue, due today, due this week; the knock rounds as one item per grid. ``totals``
    counts each section whole; its list may hold only the first rows (:func:`my_day` with ``shown``)."""

    today: date
    overdue: list[Item] = field(default_factory=list)
    due_today: list[Item] = field(default_factory=list)
    this_week: list[Item] = field(default_factory=list)
    rounds: list[Round] = field(default_factory=list)
    quotas: list[Quota] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)

    def section(self, name: str) -> list[Item]:
        return {"overdue": self.overdue, "today": self.due_today, "week": self.this_week}[name]

    def total(self, name: str) -> int:
        return self.totals.get(name, len(self.section(name)))

    def as_json(self) -> dict:
        return {"today": self.today.isoformat(), "overdue": [i.as_json() for i in self.overdue],
                "due_today": [i.as_json() for i in self.due_today], "this_week": [i.as_json() for i in self.this_week],
                "rounds": [r.as_json() for r in self.rounds], "quotas": [q.as_json() for q in self.quotas]}


def quotas(user, today: date) -> list[Quota]:
    """The quota rules of the roles the user owns (a class teacher's weekly talks), each with how many different
    people of the rule's group the user recorded it with since the period began (a week: since Monday), in SQL."""
    from ..core.time import from_local
    from ..visits.models import Visit
    from .models import DutyOwner
    from .rules import all_rules
    mine = [r for r in all_rules() if r.quota is not None]
    if not mine:
        return []
    roles = set(db.session.execute(select(DutyOwner.role).where(DutyOwner.user_id == user.id).distinct()).scalars())
    out = []
    for rule in (r for r in mine if r.owner in roles):
        every = rule.every_days or 7
        since = today - timedelta(days=today.weekday()) if every == 7 else today - timedelta(days=every - 1)
        start = from_local(datetime.combine(since, time()))
        done = db.session.execute(
            select(func.count(func.distinct(Visit.beneficiary_id))).join(Beneficiary, Beneficiary.id == Visit.beneficiary_id)
            .where(Visit.recorded_by_id == user.id, Visit.rule.in_((rule.code, *rule.counts)),
                   Visit.visited_at >= start, Beneficiary.group == rule.group)).scalar_one()
        out.append(Quota(rule.key, rule.name, rule.quota[0], rule.quota[1], int(done), since))
    return out


def _in_section(section: str, today: date, until: date):
    if section == "overdue":
        return DutyDue.due_on < today
    if section == "today":
        return DutyDue.due_on == today
    return (DutyDue.due_on > today) & (DutyDue.due_on <= until)


def _mine(user, until: date) -> list:
    """The duties ``user`` owns due by ``until``, but the knock rounds (one item per grid, not per person)."""
    return [owned_by(user), DutyDue.action != "knock", DutyDue.due_on <= until]


def section_totals(user, today: date, until: date) -> dict[str, int]:
    """How many duties of each section of the user's day: one statement over the owner's index range."""
    counts = db.session.execute(select(*(func.count().filter(_in_section(s, today, until)) for s in SECTIONS))
                                .select_from(DutyDue).where(*_mine(user, until))).one()
    return dict(zip(SECTIONS, (int(n) for n in counts)))


def section_rows(user, section: str | None, today: date, until: date, limit: int | None = None,
                 offset: int = 0) -> list[Item]:
    """The duties of one section of the user's day (all of it with ``None``), by due day and person, from
    ``offset``."""
    where = _mine(user, until) if section is None else [*_mine(user, until), _in_section(section, today, until)]
    stmt = (select_items(where)
            .order_by(DutyDue.due_on, by_pinyin(Beneficiary.name), DutyDue.beneficiary_id, DutyDue.duty))
    if limit is not None:
        stmt = stmt.limit(limit).offset(offset)
    return items_of(db.session.execute(stmt).all(), today)


def _first_of_sections(user, today: date, until: date, shown: int) -> list:
    """The first ``shown`` rows of each section of the user's day, each row followed by its section's name and
    how many rows the section has: one statement (a window over the owner's index range, a few hundred rows
    for the busiest cadre) rather than a count and a statement per section."""
    section = case((DutyDue.due_on < today, "overdue"), (DutyDue.due_on == today, "today"), else_="week")
    order = (DutyDue.due_on, by_pinyin(Beneficiary.name), DutyDue.beneficiary_id, DutyDue.duty)
    ranked = (select(DutyDue.id, section.label("section"),
                     func.row_number().over(partition_by=section, order_by=order).label("n"),
                     func.count().over(partition_by=section).label("total"))
              .join(Beneficiary, Beneficiary.id == DutyDue.beneficiary_id).where(*_mine(user, until)).subquery())
    stmt = (select_items([ranked.c.n <= shown]).join(ranked, ranked.c.id == DutyDue.id)
            .add_columns(ranked.c.section, ranked.c.total).order_by(*order))
    return db.session.execute(stmt).all()


def my_day(user, today: date | None = None, days: int = WEEK_DAYS, shown: int | None = None) -> Day:
    """The duties ``user`` owns due within the week (an index range on owner and due day), and their rounds.
    With ``shown``, each section holds its first ``shown`` rows and ``totals`` how many it has (a busy cadre's
    week is hundreds of rows: the phone's page shows the first, the section's own page the rest); without, all."""
    today = today or local_today()
    until = week_until(today, days)
    day = Day(today)
    if shown is None:
        for item in section_rows(user, None, today, until):
            day.section("overdue" if item.due_on < today else "today" if item.due_on == today else "week").append(item)
    else:
        day.totals = dict.fromkeys(SECTIONS, 0)
        for *row, name, total in _first_of_sections(user, today, until, shown):
            day.totals[name] = total
            day.section(name).extend(items_of([row], today))
    day.rounds = my_rounds(user, today)
    day.quotas = quotas(user, today)
    return day


def my_rounds(user, today: date) -> list[Round]:
    """The user's knock rounds: one per grid, with the people and households behind its doors, done today or not."""
    place = aliased(Place)
    rounds = db.session.execute(
        select(DutyDue.place_id, place.name, func.count(func.distinct(DutyDue.beneficiary_id)),
               func.count(func.distinct(DutyDue.household_id)), func.min(DutyDue.due_on), func.max(DutyDue.last_done))
        .join(place, place.id == DutyDue.place_id)
        .where(owned_by(user), DutyDue.action == "knock")
        .group_by(DutyDue.place_id, place.name).order_by(by_pinyin(place.name))).all()
    found = dict(db.session.execute(select(KnockRound.place_id, KnockRound.found).where(
        KnockRound.day == today, KnockRound.place_id.in_([r[0] for r in rounds]))).all()) if rounds else {}
    return [Round(pid, name, people, households, due, last == today, found.get(pid, ""))
            for pid, name, people, households, due, last in rounds]
