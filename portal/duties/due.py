"""Who is due what, computed in the database and kept in ``duty_due`` (issue 28: never row by row in Python).

For each duty rule in force, one SELECT gives every person it applies to with the duty's owner, the last day it
was done and the next due day: the last day done (else the start of the pairing that carries it, else the day the
person was registered) plus the rule's days; for a holiday, the holiday's day this time round until a visit
for it falls in its window, then its next day. ``refresh`` replaces the kept rows of some people (or everyone)
with what those SELECTs give: after each visit, family contact, knock round, ledger, pairing or owner change
(``portal.duties.events``), daily (a holiday's next day, an age passed), and on ``guanai duties refresh``.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import (Date, Integer, and_, bindparam, case, cast, delete, extract, func, insert, literal, null, or_,
                        select, text, type_coerce, union_all)
from sqlalchemy.orm import aliased
from sqlalchemy.sql import ColumnElement, Select

from ..assignment.models import Pairing
from ..core.sql import day_of, plus_years
from ..core.time import local_today, years_before
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..core.records import service_key
from .records import DutyRule
from ..visits.due import at_risk_levels, local_offset_minutes
from ..visits.holidays import HOLIDAYS
from ..visits.models import Visit
from ..volunteers.models import Volunteer
from .counts import recount, villages_of
from .models import DutyDue, DutyOwner, FamilyContact, KnockRound, PersonTrait
from .rules import rules_in_force



def birthday_due(last, today: date, before: int, after: int):
    """A birthday visit's due day in SQL: this year's birthday until its window closes (then next year's),
    moved on to the following birthday once a visit falls in its window."""
    born = extract("year", Beneficiary.birth_date)
    this = plus_years(Beneficiary.birth_date, today.year - born)
    open_still = this >= literal(today - timedelta(days=after), Date)
    current = case((open_still, this), else_=plus_years(Beneficiary.birth_date, today.year + 1 - born))
    following = case((open_still, plus_years(Beneficiary.birth_date, today.year + 1 - born)),
                     else_=plus_years(Beneficiary.birth_date, today.year + 2 - born))
    done = and_(last >= day_of(current, -before * 1440), last <= day_of(current, after * 1440))
    return case((done, following), else_=current)


COLUMNS = ("beneficiary_id", "group", "place_id", "village_id", "household_id", "duty", "action", "owner_role",
           "owner_id", "last_done", "due_on")


def applies(rule: DutyRule, today: date) -> list[ColumnElement[bool]]:
    """The conditions on ``Beneficiary`` (and its traits and profile) for the people ``rule`` applies to."""
    where = [Beneficiary.group == rule.group, Beneficiary.status == "active"]
    whom = []
    if rule.categories:
        whom.append(Beneficiary.category.in_(rule.categories))
    if rule.traits:
        whom.append(Beneficiary.id.in_(select(PersonTrait.beneficiary_id).where(PersonTrait.trait.in_(rule.traits))))
    if whom:
        where.append(or_(*whom))
    if rule.min_age is not None:
        where.append(Beneficiary.birth_date <= years_before(today, rule.min_age))
    if rule.max_age is not None:
        where.append(Beneficiary.birth_date > years_before(today, rule.max_age))
    if rule.risk_levels:
        where.append(at_risk_levels(rule.risk_levels))
    if rule.where is not None:
        where.append(rule.where())
    return where


def _pairs(rule: DutyRule, ids: Select):
    """Per person of ``ids``, the earliest start and the first helper of their active pairings carrying ``rule``."""
    stmt = select(Pairing.beneficiary_id.label("pid"), func.min(Pairing.started_on).label("since"),
                  func.min(Pairing.volunteer_id).label("vid")).where(Pairing.status == "active",
                                                                      Pairing.beneficiary_id.in_(ids))
    if rule.services:
        stmt = stmt.where(Pairing.service.in_([service_key(rule.group, s) for s in rule.services]))
    if rule.roles:
        stmt = stmt.where(Pairing.role.in_(rule.roles))
    return stmt.group_by(Pairing.beneficiary_id).subquery()


def _last_done(rule: DutyRule, holiday: str | None, ids: Select):
    """(pid, day): the last local day the duty was done, for the people of ``ids`` (None for a knock round,
    which is kept per place); a rule folded into this one (``same_as``) done counts too."""
    own = _own_last_done(rule, holiday, ids)
    if not rule.also_done:
        return own
    more = [select(d.c[0], d.c[1]).where(d.c[0].in_(ids)) for d in (done().subquery() for done in rule.also_done)]
    every = union_all(select(own.c.pid, own.c.day), *more).subquery()
    pid, day = every.c[0], every.c[1]
    return select(pid.label("pid"), func.max(day).label("day")).group_by(pid).subquery()


def _own_last_done(rule: DutyRule, holiday: str | None, ids: Select):
    if rule.done is not None:
        done = rule.done().subquery()
        pid, day = done.c[0], done.c[1]
        return select(pid.label("pid"), func.max(day).label("day")).where(pid.in_(ids)).group_by(pid).subquery()
    if rule.action == "family_call" and holiday is None:
        return (select(FamilyContact.beneficiary_id.label("pid"), func.max(FamilyContact.contacted_on).label("day"))
                .where(FamilyContact.beneficiary_id.in_(ids)).group_by(FamilyContact.beneficiary_id).subquery())
    stmt = select(Visit.beneficiary_id.label("pid"),
                  day_of(func.max(Visit.visited_at), local_offset_minutes()).label("day")).where(
        Visit.beneficiary_id.in_(ids))
    stmt = stmt.where(Visit.occasion == holiday) if holiday else stmt.where(Visit.rule.in_((rule.code, *rule.counts)))
    return stmt.group_by(Visit.beneficiary_id).subquery()


def occurrence(holiday: str, today: date) -> tuple[date, date, date, date] | None:
    """The holiday's day this time round (the first whose window has not closed), its window, and its next day.

    A holiday missed stays overdue while its window is open, then gives way to the next one (the reports
    count the miss)."""
    h = HOLIDAYS.get(holiday)
    if h is None:
        return None
    days = [(d, h.window(y)) for y in range(today.year - 1, today.year + 3) if (d := h.day_in(y)) is not None]
    current = [(d, w) for d, w in days if w[1] >= today]
    if len(current) < 2:
        return None
    (day, (start, end)), (following, _window) = current[0], current[1]
    return day, start, end, following


def _owner_column(rule: DutyRule, stmt: Select, person_place, village_id, village) -> tuple[Select, ColumnElement]:
    """``stmt`` joined to what names the owner of ``rule`` for each person, and that owner's user id."""
    if rule.owner == "helper":
        return stmt, Volunteer.user_id
    if rule.owner == "class_teacher":
        if rule.unit is None:
            return stmt, cast(null(), Integer)
        unit = rule.unit().subquery()
        owners = (select(DutyOwner.unit.label("unit"), func.min(DutyOwner.user_id).label("uid"))
                  .where(DutyOwner.role == "class_teacher", DutyOwner.beneficiary_id.is_(None))
                  .group_by(DutyOwner.unit).subquery())
        stmt = stmt.outerjoin(unit, unit.c[0] == Beneficiary.id).outerjoin(owners, owners.c.unit == unit.c[1])
        return stmt, owners.c.uid
    owners = (select(DutyOwner.place_id.label("pl"), func.min(DutyOwner.user_id).label("uid"))
              .where(DutyOwner.role == rule.owner, DutyOwner.beneficiary_id.is_(None))
              .group_by(DutyOwner.place_id).subquery())
    at = {"village_cadre": village_id, "grid_worker": Beneficiary.place_id, "township_cadre": village.c.parent_id}
    return stmt.outerjoin(owners, owners.c.pl == at[rule.owner]), owners.c.uid


def rule_selects(rule: DutyRule, people: ColumnElement[bool] | None, today: date) -> list[Select]:
    """The SELECTs (one for the rule's period, one per holiday) of :data:`COLUMNS` for ``rule`` (none for an
    owner's quota, which keeps no row per person)."""
    if rule.quota is not None:
        return []
    where = applies(rule, today)
    if people is not None:
        where.append(people)
    ids = select(Beneficiary.id).where(*where)
    place = aliased(Place)
    village_id = case((place.level == "grid", place.parent_id), else_=place.id)
    village = select(Place.id, Place.parent_id).subquery()
    pairs = _pairs(rule, ids) if (rule.paired is not None or rule.owner == "helper") else None
    mine = (select(DutyOwner.beneficiary_id.label("pid"), func.min(DutyOwner.user_id).label("uid"))
            .where(DutyOwner.duty == rule.key, DutyOwner.beneficiary_id.in_(ids))
            .group_by(DutyOwner.beneficiary_id).subquery())
    if rule.paired is False:
        where.append(Beneficiary.id.not_in(select(pairs.c.pid)))
    periods: list[tuple[str | None, int | None]] = \
        ([(None, rule.every_days)] if (rule.every_days or rule.due is not None) else []) + \
        [(h, None) for h in rule.holidays]
    out = []
    for holiday, every in periods:
        when = None
        if holiday is not None and not HOLIDAYS[holiday].birthday:
            when = occurrence(holiday, today)
            if when is None:
                continue
        stmt = (select(Beneficiary.id).select_from(Beneficiary).join(place, place.id == Beneficiary.place_id)
                .outerjoin(village, village.c.id == village_id))
        if pairs is not None:
            stmt = stmt.join(pairs, pairs.c.pid == Beneficiary.id) if rule.paired else \
                stmt.outerjoin(pairs, pairs.c.pid == Beneficiary.id)
            if rule.owner == "helper":
                stmt = stmt.outerjoin(Volunteer, Volunteer.id == pairs.c.vid)
        stmt, role_owner = _owner_column(rule, stmt, place, village_id, village)
        stmt = stmt.outerjoin(mine, mine.c.pid == Beneficiary.id)
        if rule.action == "knock" and holiday is None:
            rounds = (select(KnockRound.place_id.label("pl"), func.max(KnockRound.day).label("day"))
                      .group_by(KnockRound.place_id).subquery())
            stmt = stmt.outerjoin(rounds, rounds.c.pl == Beneficiary.place_id)
            last = rounds.c.day
        else:
            done = _last_done(rule, holiday, ids)
            stmt = stmt.outerjoin(done, done.c.pid == Beneficiary.id)
            last = done.c.day
        more = []
        if holiday is None and rule.due is not None:   # the feature's own period (months, a birthday, once)
            due = rule.due(last, day_of(Beneficiary.created_at, local_offset_minutes()), today)
            more.append(due.is_not(None))
            key = rule.key
        elif holiday is None:
            start = pairs.c.since if rule.paired else day_of(Beneficiary.created_at, local_offset_minutes())
            due = day_of(func.coalesce(last, start), every * 1440)
            key = rule.key
        elif when is None:
            h = HOLIDAYS[holiday]
            due = birthday_due(last, today, h.before, h.after)
            key = f"{rule.key}:{holiday}"
        else:
            day, begin, end, following = when
            due = case((and_(last >= begin, last <= end), literal(following, Date)), else_=literal(day, Date))
            key = f"{rule.key}:{holiday}"
        out.append(stmt.with_only_columns(
            Beneficiary.id, Beneficiary.group, Beneficiary.place_id, village_id, Beneficiary.household_id,
            literal(key).label("duty"), literal(rule.action).label("action"), literal(rule.owner).label("owner_role"),
            func.coalesce(mine.c.uid, role_owner).label("owner_id"), type_coerce(last, Date).label("last_done"),
            type_coerce(due, Date).label("due_on")).where(*where, *more))
    return out


def _statements(today: date, group: str, by_ids: bool) -> list:
    """The INSERT ... SELECTs of a group's duties, built once per app, day and kind (for the people of the
    expanding parameter ``duty_ids``, or for everyone): building them costs more than running them."""
    cache = current_app.extensions.setdefault("guanai_duties_sql", {})
    key = (today, group, by_ids)
    if key not in cache:
        if len(cache) > 64:
            cache.clear()
        people = Beneficiary.id.in_(bindparam("duty_ids", expanding=True)) if by_ids else None
        cache[key] = [insert(DutyDue.__table__).from_select(COLUMNS, stmt) for rule in rules_in_force(group)
                      for stmt in rule_selects(rule, people, today)]
    return cache[key]


#: The tables the due computation reads: a large refresh on PostgreSQL first gives the planner their statistics.
READ_TABLES = ("beneficiaries", "places", "visits", "pairings", "volunteers", "duty_owners", "family_contacts",
               "knock_rounds", "person_traits", "duty_due", "duty_counts", "duty_gaps")
#: From how many people a refresh analyzes the tables first.
ANALYZE_FROM = 200


def _analyze() -> None:
    """On PostgreSQL, ANALYZE the tables read, in the transaction: rows written in the same transaction (a demo, an
    import, a match run) have no statistics yet, and the planner took a county's tables for empty ones and chose
    nested loops that ran for many minutes (the demo county's first refresh on PostgreSQL)."""
    if db.session.get_bind().dialect.name == "postgresql":
        profiles = [t.name for t in db.metadata.sorted_tables if t.name.endswith("_profiles")]
        for table in (*READ_TABLES, *profiles):
            db.session.execute(text(f"ANALYZE {table}"))


def refresh(people: ColumnElement[bool] | None = None, today: date | None = None) -> None:
    """Replace the kept duties of the people meeting ``people`` (everyone when None) with what the rules give.

    A DELETE and one INSERT ... SELECT per rule and holiday: the work is in the database. Leaves the commit
    to the caller.
    """
    if people is not None:
        refresh_ids(db.session.execute(select(Beneficiary.id).where(people)).scalars().all(), today)
        return
    today = today or local_today()
    _analyze()
    db.session.execute(delete(DutyDue))
    for group in current_plugins().groups:
        for stmt in _statements(today, group, False):
            db.session.execute(stmt)
    recount(None, today)


def refresh_ids(ids, today: date | None = None) -> None:
    """:func:`refresh` for the people with these ids, in chunks, running only their groups' rules."""
    today = today or local_today()
    ids = sorted({i for i in ids if i is not None})
    if len(ids) >= ANALYZE_FROM:
        _analyze()
    villages: set = set()
    for i in range(0, len(ids), 1000):
        chunk = ids[i:i + 1000]
        villages |= villages_of(chunk)          # where they lived: their counts change too
        db.session.execute(delete(DutyDue).where(DutyDue.beneficiary_id.in_(chunk)))
        groups = db.session.execute(select(Beneficiary.group).where(Beneficiary.id.in_(chunk)).distinct()).scalars()
        for group in [g for g in groups if g in current_plugins().groups]:
            for stmt in _statements(today, group, True):
                db.session.execute(stmt, {"duty_ids": chunk})
        villages |= villages_of(chunk)
    recount(villages, today)


def refresh_places(place_ids) -> None:
    """:func:`refresh` for everyone living in these places or below them."""
    from ..places.models import subtree_ids
    for place in db.session.execute(select(Place).where(Place.id.in_(set(place_ids)))).scalars():
        refresh(Beneficiary.place_id.in_(subtree_ids(place)))


def overdue_days(due_on: date, today: date) -> int:
    return max((today - due_on).days, 0)


def week_end(today: date) -> date:
    return today + timedelta(days=6)
