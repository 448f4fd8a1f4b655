"""The demo county's duties (issue 28): households on their grids, owners for every village and grid but one, a
class teacher for every class the rules name, and a year of duty history drawn from the rules in force, some of
it overdue and some families silent.

Nothing here names a group: the history follows each kept duty's rule (a visit or talk every ``every_days``, a
contact with the family), class teachers come from the rules' ``unit()``, and what only a group knows (an elder's
traits, say) is written by that group plugin's own demo hook (``populate_demo``), which runs before this one.
"""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select, update
from werkzeug.security import generate_password_hash

from ..auth.models import User
from ..core.time import from_local, local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..visits.models import Visit
from .models import DutyDue, DutyOwner, FamilyContact, KnockRound

#: Share of families the demo leaves silent for more than two months (001: monthly contact).
SILENT_SHARE = 0.1
#: Share of duties the demo leaves overdue.
OVERDUE_SHARE = 0.08
#: Share of the duties of a rule done on time (the rest skipped, not late).
DONE_SHARE = 0.9
#: What a knock round found, now and then (000, "一敲门").
FOUND = ["一户敲门无人应答，已电话联系上", "一位老人感冒，已告知村医", "院墙有倒塌危险，已报村委会"]
#: What the families said, for the contacts' notes.
SAID = ["身体都好", "询问近况", "说好春节回家", "寄了生活费"]


def _users(specs: list[tuple[str, str, str, Place | None]]) -> list[User]:
    """Demo users sharing one password hash (made once: the portal's hash takes a good part of a second)."""
    from ..demo import DEMO_PASSWORD
    hashed = generate_password_hash(DEMO_PASSWORD)
    users = [User(username=u, display_name=n, role=r, place_id=p.id if p else None, password_hash=hashed)
             for u, n, r, p in specs]
    db.session.add_all(users)
    db.session.flush()
    return users


def _at(day, rng) -> datetime:
    return from_local(datetime.combine(day, time(rng.randint(8, 18), rng.randint(0, 59))))


def _class_teachers() -> None:
    """A class teacher for every class a class-teacher rule names (its ``unit()``: the person's school class)."""
    from .rules import all_rules
    units: set[str] = set()
    for rule in all_rules():
        if rule.owner == "class_teacher" and rule.unit is not None:
            found = rule.unit().subquery()
            units |= {u for u in db.session.execute(select(found.c[1]).distinct()).scalars() if u and u.strip()}
    classes = sorted(units)
    teachers = _users([(f"teacher-{i + 1:03d}", f"{unit}班主任", "volunteer", None) for i, unit in enumerate(classes)])
    for user, unit in zip(teachers, classes):
        db.session.add(DutyOwner(role="class_teacher", unit=unit, user_id=user.id))


def _relations() -> dict[str, list[str]]:
    """Who in the family is in touch, per group: the relations the group names for outreach, else "家人"."""
    plugins = current_plugins()
    out = {}
    for group in plugins.groups:
        names = [str(c.name) for c in plugins.family_contacts(group)]
        out[group] = names or ["家人"]
    return out


def _history(rng, today, left_overdue: set[int]) -> None:
    """A year of history for every kept duty done by a visit, a talk or a family contact (not the paired helpers'
    visits, which the visits' demo writes, nor holidays): at the rule's pace, some late, some families silent."""
    from .due import refresh
    from .rules import rule_index
    refresh()
    index = rule_index()
    relations = _relations()
    rows = db.session.execute(
        select(DutyDue.beneficiary_id, DutyDue.group, DutyDue.duty, DutyDue.action, DutyDue.owner_id)
        .where(DutyDue.action.in_(("visit", "talk", "family_call")), DutyDue.owner_role != "helper",
               DutyDue.duty.not_like("%:%")).order_by(DutyDue.beneficiary_id, DutyDue.duty)).all()
    for pid, group, key, action, owner_id in rows:
        rule, _holiday = index[key]
        every = rule.every_days or 30
        if action == "family_call":
            stop = today - timedelta(days=rng.randint(65, 120)) if rng.random() < SILENT_SHARE else today
            day = today - timedelta(days=365)
            while True:
                day += timedelta(days=rng.randint(max(1, every - 10), every + 2))
                if day > stop:
                    break
                db.session.add(FamilyContact(beneficiary_id=pid, contacted_on=day, who=rng.choice(relations[group]),
                                             how=rng.choice(["phone", "phone", "online", "text"]),
                                             said=rng.choice(SAID), recorded_by_id=owner_id))
            continue
        if pid in left_overdue:      # every visit counts for the risk schedule: these stay overdue
            continue
        late = rng.random() < OVERDUE_SHARE
        stop = today - timedelta(days=every + rng.randint(2, 13)) if late else today
        day = today - timedelta(days=365)
        while True:
            # at the rule's pace in the last two months, sparser before
            recent = day > today - timedelta(days=60)
            day += timedelta(days=rng.randint(max(1, every - 2), every + 1) if recent else
                             rng.randint(every * 3, every * 5))
            if day > stop:
                break
            if rng.random() < DONE_SHARE or day > today - timedelta(days=every):
                db.session.add(Visit(beneficiary_id=pid, rule=rule.code, visited_at=_at(day, rng),
                                     mode="school" if action == "talk" else "home", spoke_to="本人", findings={},
                                     recorded_by_id=owner_id))


def populate(demo) -> None:
    rng = random.Random(2028)   # its own stream: the other features' demo data stay as they were
    today = local_today()
    villages = list(demo.villages)
    grids: dict[int, list[Place]] = {}
    for g in db.session.execute(select(Place).where(Place.level == "grid").order_by(Place.code)).scalars():
        grids.setdefault(g.parent_id, []).append(g)
    # Households live on their village's grids (the grid worker's knock round is per grid).
    for h in demo.households:
        choices = grids.get(h.place_id)
        if choices:
            grid = rng.choice(choices)
            h.place_id = grid.id
            db.session.execute(update(Beneficiary).where(Beneficiary.household_id == h.id).values(place_id=grid.id))
    db.session.flush()

    # Owners: an area cadre for every village but the last, a grid worker for every grid but the first
    # village's second grid, a cadre for each township, a class teacher for every class.
    townships = sorted({v.parent for v in villages}, key=lambda p: p.code)
    specs = [(f"cadre-{v.code}", f"{v.name}包片干部", "coordinator", v) for v in villages[:-1]]
    all_grids = [g for v in villages for g in grids.get(v.id, [])]
    all_grids.append(all_grids.pop(1))    # the first village's second grid goes last: it is left without a worker
    specs += [(f"grid-{g.code}", f"{g.name}网格员", "volunteer", None) for g in all_grids[:-1]]
    specs += [(f"towncadre-{t.code}", f"{t.name}包村干部", "coordinator", t) for t in townships]
    users = _users(specs)
    n_v, n_g = len(villages) - 1, len(all_grids) - 1
    for user, village in zip(users[:n_v], villages[:-1]):
        db.session.add(DutyOwner(role="village_cadre", place_id=village.id, user_id=user.id))
    for user, grid in zip(users[n_v:n_v + n_g], all_grids[:-1]):
        db.session.add(DutyOwner(role="grid_worker", place_id=grid.id, user_id=user.id))
    for user, township in zip(users[n_v + n_g:], townships):
        db.session.add(DutyOwner(role="township_cadre", place_id=township.id, user_id=user.id))
    _class_teachers()

    # Every visit counts for a person's risk-level schedule: the people the visits' demo left overdue (run
    # before this one) get no visits here, and so are overdue for their duties too.
    from ..core.bulk import analyze
    from ..visits.due import overdue
    db.session.flush()
    analyze(list(db.metadata.tables))  # a year of visits was just written: plan the schedule knowing it (PostgreSQL)
    left_overdue = {r.person_id for r in overdue()}
    _history(rng, today, left_overdue)
    for g in all_grids[:-1]:
        for back in range(1, 91):
            if rng.random() < 0.93:
                db.session.add(KnockRound(place_id=g.id, day=today - timedelta(days=back), doors=rng.randint(5, 15),
                                          found=rng.choice(FOUND) if rng.random() < 0.05 else ""))
    db.session.flush()
