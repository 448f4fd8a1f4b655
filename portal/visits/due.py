"""Due and overdue visits for a whole area, in SQL: the last visit per person and rule, compared with cutoffs.

Date arithmetic differs between SQLite and PostgreSQL, so the database never adds days: for each rule the
cutoff (the latest last visit that makes a visit due by a given day) is computed here, and the database
compares against it. A rule's due date is the last visit (else the start of the pairing that carries it,
else the day the person was registered) plus the rule's interval; every visit also counts for the person's
risk level (high weekly and within a day of a major change, key monthly, general quarterly: a provincial rule).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from flask import current_app
from sqlalchemy import Integer, and_, bindparam, case, cast, func, literal, null, or_, select, true, union_all
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement

from ..assignment.models import Pairing
from ..core.sql import day_of
from ..core.time import from_local, local_now, local_today, local_zone, to_local
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..plugin.records import VisitRule, service_key
from ..volunteers.models import Volunteer
from .models import RiskLevel, Visit

RISK_LEVELS = ("high", "key", "general")
DEFAULT_RISK_DAYS = {"high": 7, "key": 30, "general": 90}
#: A high-risk person is visited within this many days of a major change (the day the level was raised).
HIGH_RISK_WITHIN_DAYS = 1
#: The rule every visit counts for, whatever it was made for: the person's risk level.
RISK_RULE = VisitRule("risk", 90, ("home", "phone", "video", "school"),
                      {"zh": "按风险等级走访", "en": "Visits by risk level"}, "provincial rule")


#: A person's risk level in a statement that outer-joins :class:`RiskLevel` on the person (no row: general).
LEVEL = func.coalesce(RiskLevel.level, "general")


def with_risk(stmt):
    """``stmt`` (reading ``Beneficiary``) outer-joined to each person's risk level, for :data:`LEVEL`."""
    return stmt.outerjoin(RiskLevel, RiskLevel.beneficiary_id == Beneficiary.id)


def at_risk_levels(levels) -> ColumnElement[bool]:
    """People at one of ``levels``, as a condition on ``Beneficiary.id`` that needs no join."""
    levels = tuple(levels)
    if "general" in levels:
        return Beneficiary.id.not_in(select(RiskLevel.beneficiary_id).where(RiskLevel.level.not_in(levels)))
    return Beneficiary.id.in_(select(RiskLevel.beneficiary_id).where(RiskLevel.level.in_(levels)))


def risk_days() -> dict[str, int]:
    """Days between visits per risk level: the provincial rule, overridable in GUANAI_VISIT_RISK_DAYS."""
    return {**DEFAULT_RISK_DAYS, **current_app.config.get("GUANAI_VISIT_RISK_DAYS", {})}


@dataclass
class DueRow:
    """One person and one rule: the last visit, the next due date, and who is paired to make it."""

    person_id: int
    name: str
    group: str
    place_id: int
    risk_level: str
    rule: VisitRule
    last: datetime | None          # local time of the last visit for this rule
    due: date
    helper_id: int | None
    helper: str = ""
    village: str = ""
    village_id: int | None = None

    def days_overdue(self, today: date) -> int:
        return max((today - self.due).days, 0)

    @property
    def rule_name(self) -> str:
        return self.rule.name


@dataclass
class Filters:
    """What a list is narrowed to: a place subtree, a group, a helper (volunteer id), a risk level."""

    place: Place | None = None
    group: str | None = None
    volunteer_id: int | None = None
    risk: str | None = None
    #: The people already found (a page's few): every part of the schedule then reads only their rows.
    ids: list[int] | None = None
    #: Their groups: only these groups' rules are asked.
    groups: tuple[str, ...] | None = None


def _cut(day: date) -> datetime:
    """The UTC moment local ``day`` begins: a stored time before it falls on an earlier local day."""
    return from_local(datetime.combine(day, time.min))


def local_offset_minutes() -> int:
    """The zone's offset from UTC now, in minutes: what SQL adds to a stored time to find its local day.

    China keeps no summer time; in a zone that does, a due date near the change may show a day off.
    """
    offset = local_zone().utcoffset(local_now())
    return int(offset.total_seconds() // 60)


def _people_clause(people: ColumnElement[bool], filters: Filters) -> list[ColumnElement[bool]]:
    from ..places.models import subtree_ids
    if filters.ids is not None:
        return [Beneficiary.id.in_(filters.ids)]
    clauses = [people, Beneficiary.status == "active"]
    if filters.place is not None:
        clauses.append(Beneficiary.place_id.in_(subtree_ids(filters.place)))
    if filters.group:
        clauses.append(Beneficiary.group == filters.group)
    if filters.risk:
        clauses.append(at_risk_levels((filters.risk,)))
    if filters.volunteer_id is not None:
        clauses.append(Beneficiary.id.in_(select(Pairing.beneficiary_id).where(
            Pairing.volunteer_id == filters.volunteer_id, Pairing.status == "active")))
    return clauses


def _last_visits(rule: str | None, where: list, ids: list[int] | None = None):
    """Per person meeting ``where``, the latest visit (for one rule, or any visit when ``rule`` is None).

    Limited to the people in question, so a village's list reads the village's visits, not the county's.
    """
    people = Visit.beneficiary_id.in_(ids) if ids is not None else \
        Visit.beneficiary_id.in_(select(Beneficiary.id).where(*where))
    stmt = select(Visit.beneficiary_id.label("pid"), func.max(Visit.visited_at).label("last")).where(people)
    if rule is not None:
        stmt = stmt.where(Visit.rule == rule)
    return stmt.group_by(Visit.beneficiary_id).subquery()


def rule_select(group: str, rule: VisitRule, where: list, filters: Filters, until: date | None):
    """(person columns, last, since, helper id, ``rule``, ``due``) for the people a group's rule applies to, due by
    ``until``: one part of :func:`due_table`.

    None when no one can be due by it (a rule no pairing carries, for a helper's list).
    """
    where = [*where, Beneficiary.group == group]
    if rule.categories:
        where.append(Beneficiary.category.in_(rule.categories))
    last = _last_visits(rule.code, where, filters.ids)
    cols = [Beneficiary.id, Beneficiary.name, Beneficiary.group, Beneficiary.place_id, LEVEL.label("risk_level"),
            Beneficiary.created_at, last.c.last]
    if rule.services:
        pairs = select(Pairing.beneficiary_id.label("pid"), func.min(Pairing.started_on).label("since"),
                       func.min(Pairing.volunteer_id).label("vid")).where(
            Pairing.status == "active", Pairing.service.in_([service_key(group, s) for s in rule.services]))
        if rule.roles:
            pairs = pairs.where(Pairing.role.in_(rule.roles))
        if filters.volunteer_id is not None:
            pairs = pairs.where(Pairing.volunteer_id == filters.volunteer_id)
        if filters.ids is not None:
            pairs = pairs.where(Pairing.beneficiary_id.in_(filters.ids))
        pairs = pairs.group_by(Pairing.beneficiary_id).subquery()
        # The pairing's start is a local date already; a registration time is stored in UTC.
        due = case((last.c.last.is_not(None), day_of(last.c.last, local_offset_minutes() + rule.every_days * 1440)),
                   else_=day_of(pairs.c.since, rule.every_days * 1440))
        stmt = select(*cols, pairs.c.since, pairs.c.vid, literal(rule.code).label("rule"), due.label("due")).join(
            pairs, pairs.c.pid == Beneficiary.id)
        anchor = pairs.c.since
    else:
        if filters.volunteer_id is not None:
            return None  # a rule no pairing carries is the village's, not a helper's
        due = day_of(func.coalesce(last.c.last, Beneficiary.created_at), local_offset_minutes() + rule.every_days * 1440)
        stmt = select(*cols, Beneficiary.created_at.label("since"), cast(null(), Integer).label("vid"),
                      literal(rule.code).label("rule"), due.label("due"))
        anchor = None
    stmt = with_risk(stmt.outerjoin(last, last.c.pid == Beneficiary.id)).where(*where)
    if until is not None:
        cutoff = until - timedelta(days=rule.every_days)  # due by ``until`` ⇔ last (local day) <= cutoff
        never = (anchor <= cutoff) if anchor is not None else (Beneficiary.created_at < _cut(cutoff + timedelta(days=1)))
        stmt = stmt.where(or_(last.c.last < _cut(cutoff + timedelta(days=1)), and_(last.c.last.is_(None), never)))
    return stmt


def _risk_due_sql(last, days: dict[str, int]):
    """The risk level's due date in SQL: the last visit (else registration) plus the level's days, sooner after a change."""
    offset = local_offset_minutes()
    every = case(*[(RiskLevel.level == level, n) for level, n in days.items() if level != "general"],
                 else_=days["general"])
    due = day_of(func.coalesce(last.c.last, Beneficiary.created_at), offset + every * 1440)
    jump = day_of(RiskLevel.since, offset + HIGH_RISK_WITHIN_DAYS * 1440)
    changed = and_(RiskLevel.level == "high", RiskLevel.since.is_not(None),
                   or_(last.c.last.is_(None), RiskLevel.since > last.c.last), jump < due)
    return case((changed, jump), else_=due)


def risk_select(where: list, filters: Filters, until: date | None):
    """Every person in view by their risk level (any visit counts): the last part of :func:`due_table`."""
    last = _last_visits(None, where, filters.ids)
    anyp = select(Pairing.beneficiary_id.label("pid"), func.min(Pairing.volunteer_id).label("vid")).where(
        Pairing.status == "active")
    if filters.volunteer_id is not None:
        anyp = anyp.where(Pairing.volunteer_id == filters.volunteer_id)
    if filters.ids is not None:
        anyp = anyp.where(Pairing.beneficiary_id.in_(filters.ids))
    anyp = anyp.group_by(Pairing.beneficiary_id).subquery()
    stmt = with_risk(select(Beneficiary.id, Beneficiary.name, Beneficiary.group, Beneficiary.place_id,
                            LEVEL.label("risk_level"), Beneficiary.created_at, last.c.last,
                            RiskLevel.since.label("risk_since"), anyp.c.vid, literal(RISK_RULE.code).label("rule"),
                            _risk_due_sql(last, risk_days()).label("due"))
                     .outerjoin(last, last.c.pid == Beneficiary.id)).where(*where)
    stmt = stmt.join(anyp, anyp.c.pid == Beneficiary.id) if filters.volunteer_id is not None else \
        stmt.outerjoin(anyp, anyp.c.pid == Beneficiary.id)
    if until is not None:
        days = risk_days()
        seen = func.coalesce(last.c.last, Beneficiary.created_at)
        by_level = [and_(LEVEL == level, seen < _cut(until - timedelta(days=days[level] - 1)))
                    for level in ("high", "key")]
        by_level.append(and_(LEVEL.not_in(("high", "key")),
                             seen < _cut(until - timedelta(days=days["general"] - 1))))
        changed = and_(RiskLevel.level == "high", RiskLevel.since.is_not(None),
                       or_(last.c.last.is_(None), RiskLevel.since > last.c.last),
                       RiskLevel.since < _cut(until - timedelta(days=HIGH_RISK_WITHIN_DAYS - 1)))
        stmt = stmt.where(or_(*by_level, changed))
    return stmt


#: The columns every part of :func:`due_table` gives, in this order.
COLUMNS = ("id", "name", "group", "place_id", "risk_level", "last", "vid", "rule", "due")


def due_table(where: list, filters: Filters, until: date | None):
    """A subquery of every (person, rule) meeting ``where`` (see :func:`_people_clause`) due by ``until``:
    ``COLUMNS``, one SELECT per tracked rule of each group and one for the risk levels joined by UNION ALL.

    The database computes each due date (``due``), so a page asks once however many rules the groups track.
    """
    plugins = current_plugins()
    parts = []
    for group in [filters.group] if filters.group else list(plugins.groups):
        if group not in plugins.groups or (filters.groups is not None and group not in filters.groups):
            continue
        for rule in plugins.visit_rules_tracked(group):
            stmt = rule_select(group, rule, where, filters, until)
            if stmt is not None:
                parts.append(stmt)
    parts.append(risk_select(where, filters, until))
    # Each part as a subquery: their "since" columns differ in type (a date, a time), the union's do not.
    selects = []
    for stmt in parts:
        sub = stmt.subquery()
        selects.append(select(*[sub.c[name] for name in COLUMNS]))
    return union_all(*selects).subquery("due")


def village_of_row(table):
    """(the place joined, its parent, the village id, the village name): a grid counts in its village."""
    spot, parent = aliased(Place), aliased(Place)
    is_grid = (spot.level == "grid") & parent.id.is_not(None)
    return spot, parent, case((is_grid, parent.id), else_=spot.id), case((is_grid, parent.name), else_=spot.name)


def named_rows(table):
    """A SELECT of ``table``'s ``COLUMNS`` with the helper's name, the village's id and name (two joins)."""
    spot, parent, village_id, village_name = village_of_row(table)
    helper = aliased(Volunteer)
    stmt = (select(*[table.c[name] for name in COLUMNS], helper.name.label("helper"),
                   village_id.label("village_id"), village_name.label("village"))
            .select_from(table).join(spot, spot.id == table.c.place_id)
            .outerjoin(parent, parent.id == spot.parent_id).outerjoin(helper, helper.id == table.c.vid))
    return stmt, village_name, helper.name


class RowReader:
    """Turns rows of :func:`named_rows` into :class:`DueRow`: each rule looked up once, not once per row."""

    def __init__(self):
        self.plugins = current_plugins()
        self.days = risk_days()
        self.rules: dict[tuple[str, str], VisitRule] = {}

    def rule(self, group: str, code: str, risk: str) -> VisitRule:
        if code == RISK_RULE.code:  # one rule per risk level, not a copy per row (a county has 90,000 such rows)
            if ("", risk) not in self.rules:
                self.rules[("", risk)] = replace(RISK_RULE, every_days=self.days.get(risk, self.days["general"]))
            return self.rules[("", risk)]
        if (group, code) not in self.rules:
            self.rules[(group, code)] = next(r for r in self.plugins.visit_rules_tracked(group) if r.code == code)
        return self.rules[(group, code)]

    def __call__(self, row) -> DueRow:
        pid, name, group, place_id, risk, last, vid, code, due, helper, village_id, village = row
        return DueRow(pid, name, group, place_id, risk, self.rule(group, code, risk), to_local(last), due,
                      vid or None, helper=helper or "", village=village or "", village_id=village_id)


#: Up to this many people, a schedule first finds them, then asks each rule of their rows only.
FEW_PEOPLE = 200


def schedule(people: ColumnElement[bool] | None = None, filters: Filters | None = None,
             until: date | None = None) -> list[DueRow]:
    """Every (person, rule) in ``people`` (a WHERE clause, e.g. the user's scope) due by ``until`` (None: all).

    Two statements, whatever the number of rules and people: the people's ids (up to ``FEW_PEOPLE``), then a
    UNION ALL of a SELECT per rule of each group and one for the risk levels, with helpers and villages joined
    (issue 32: a person's page asked once per rule). With the ids (and groups) found first, every part reads
    only those people's rows and only their groups' rules are asked: planning the union, not running it, was
    most of its cost on a volunteer's page (165 ms against 3 ms on the loaded machine; 21 ms after). An area
    with more people is asked in one statement. Rows are sorted by due date, then name.
    """
    filters = filters or Filters()
    where = _people_clause(people if people is not None else true(), filters)
    if filters.ids is None:
        found = db.session.execute(select(Beneficiary.id, Beneficiary.group).where(*where)
                                   .limit(FEW_PEOPLE + 1)).all()
        if not found:
            return []
        if len(found) <= FEW_PEOPLE:
            filters = replace(filters, ids=[pid for pid, _g in found], groups=tuple({g for _p, g in found}))
            where = _people_clause(true(), filters)
    if filters.ids is not None:
        found = db.session.execute(_few_people_statement(filters, until), {"schedule_ids": list(filters.ids)}).all()
    else:
        stmt, _village, _helper = named_rows(due_table(where, filters, until))
        found = db.session.execute(stmt).all()
    read = RowReader()
    rows = [read(row) for row in found]
    return sorted(rows, key=lambda r: (r.due, r.name, r.person_id, r.rule.code))


#: The few people of a schedule, bound when the statement runs (the statement itself is kept).
FEW_IDS = bindparam("schedule_ids", expanding=True)


def _few_people_statement(filters: Filters, until: date | None):
    """The schedule's statement for a few people (``FEW_IDS``), built once per app, day and shape: building the
    union of every rule's SELECT cost more than running it for one person (a person's page, a helper's day;
    issue 32). The shape is the rules in force, the groups asked, the helper and ``until``."""
    cache = current_app.extensions.setdefault("guanai_schedule_sql", {})
    plugins = current_plugins()
    rules = tuple((g, tuple((r.code, r.every_days, r.services, r.roles, r.categories)
                            for r in plugins.visit_rules_tracked(g))) for g in plugins.groups)
    key = (local_today(), local_offset_minutes(), tuple(sorted(risk_days().items())), rules,
           tuple(sorted(filters.groups)) if filters.groups else None, filters.group, filters.volunteer_id, until)
    if key not in cache:
        if len(cache) > 256:
            cache.clear()
        shaped = replace(filters, ids=FEW_IDS, place=None)
        cache[key] = named_rows(due_table(_people_clause(true(), shaped), shaped, until))[0]
    return cache[key]


def overdue(people: ColumnElement[bool] | None = None, filters: Filters | None = None,
            today: date | None = None) -> list[DueRow]:
    """The visits whose due date has passed (due before ``today``)."""
    today = today or local_today()
    return [r for r in schedule(people, filters, until=today - timedelta(days=1)) if r.due < today]
