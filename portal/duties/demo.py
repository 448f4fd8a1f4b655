"""The demo county's duties (issue 28): households on their grids, owners for every village and grid but one,
class teachers for its pupils, elders' traits, a year of duty history, families in touch and some silent."""
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
from ..visits.models import Visit
from .models import DutyOwner, FamilyContact, KnockRound, PersonTrait

#: Share of families the demo leaves silent for more than two months (001: monthly contact).
SILENT_SHARE = 0.1
#: Share of people whose weekly door visit the demo leaves overdue.
OVERDUE_SHARE = 0.08
RELATIVES = {"children": ["父亲", "母亲"], "elderly": ["儿子", "女儿"], "women": ["丈夫"]}


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
    try:
        from plugins.children.models import ChildProfile
    except ImportError:  # the children's group is not installed
        ChildProfile = None
    if ChildProfile is not None:
        classes = sorted({f"{s} {c}" for s, c in db.session.execute(
            select(ChildProfile.school, ChildProfile.grade_class).where(ChildProfile.school != "")).all()})
        teachers = _users([(f"teacher-{i + 1:03d}", f"{unit}班主任", "volunteer", None) for i, unit in enumerate(classes)])
        for user, unit in zip(teachers, classes):
            db.session.add(DutyOwner(role="class_teacher", unit=unit, user_id=user.id))

    people = list(db.session.execute(select(Beneficiary).where(Beneficiary.status == "active")
                                     .order_by(Beneficiary.id)).scalars())
    # Every visit counts for a person's risk-level schedule: the people the visits' demo left overdue (run
    # before this one) get no visits here, and so are overdue for their duties too.
    from ..visits.due import overdue
    db.session.flush()
    left_overdue = {r.person_id for r in overdue()}
    # Elders carry traits, several at once.
    for p in (p for p in people if p.group == "elderly"):
        traits = set()
        if p.category == "alone":
            traits.add("alone")
        elif rng.random() < 0.5:
            traits.add("empty_nest")
        if p.age_on(today) >= 80:
            traits.add("high_age")
        if p.category == "poor":
            traits.add(rng.choice(["dibao", "tekun"]))
        if p.category in ("disabled", "dementia", "lost_only_child"):
            traits.add(p.category)
        for t in sorted(traits):
            db.session.add(PersonTrait(beneficiary_id=p.id, trait=t))

    # A year of history: the village cadre's door visits (weekly, some overdue now), the family contacts
    # (monthly, some families silent for two months and more), the class teachers' monthly talks, the weekly
    # visits to the empty-nest elders and pre-school children, and ninety days of knock rounds.
    cadres = {v.id: u.id for u, v in zip(users[:n_v], villages[:-1])}
    for p in people:
        village_id = db.session.get(Place, p.place_id).parent_id
        late = rng.random() < OVERDUE_SHARE or p.id in left_overdue
        day = today - timedelta(days=365)
        while True:
            day += timedelta(days=rng.randint(5, 8) if day > today - timedelta(days=60) else rng.randint(20, 40))
            if day > today - timedelta(days=(rng.randint(9, 20) if late else 0)) or day > today:
                break
            if p.id in left_overdue:
                break
            db.session.add(Visit(beneficiary_id=p.id, rule="door", visited_at=_at(day, rng), mode="home",
                                 spoke_to="本人", findings={}, recorded_by_id=cadres.get(village_id)))
        if p.group in ("children", "elderly") and (p.group != "children" or p.category == "left_behind"):
            silent = rng.random() < SILENT_SHARE
            day = today - timedelta(days=365)
            stop = today - timedelta(days=rng.randint(65, 120)) if silent else today
            while True:
                day += timedelta(days=rng.randint(20, 32))
                if day > stop:
                    break
                db.session.add(FamilyContact(beneficiary_id=p.id, contacted_on=day, who=rng.choice(RELATIVES[p.group]),
                                             how=rng.choice(["phone", "phone", "online", "text"]),
                                             said=rng.choice(["身体都好", "询问学习情况", "说好春节回家", "寄了生活费"])))
    db.session.flush()
    weekly = set(db.session.execute(select(PersonTrait.beneficiary_id).where(
        PersonTrait.trait.in_(("alone", "empty_nest")))).scalars())
    for p in people:
        if p.id in left_overdue:
            continue
        rule = None
        if p.id in weekly:
            rule = "cadre"
        elif p.group == "children" and p.category == "left_behind" and p.age_on(today) < 6:
            rule = "preschool"
        if rule:
            for weeks in range(1, 9):
                if rng.random() < 0.85:
                    day = today - timedelta(days=7 * weeks - rng.randint(0, 3))
                    db.session.add(Visit(beneficiary_id=p.id, rule=rule, visited_at=_at(day, rng), mode="home",
                                         findings={}))
        if p.group == "children" and p.category == "left_behind" and p.age_on(today) >= 6 and rng.random() < 0.9:
            for months in range(0, 12):
                day = today - timedelta(days=30 * months + rng.randint(3, 20))
                db.session.add(Visit(beneficiary_id=p.id, rule="class_talk", visited_at=_at(day, rng), mode="school",
                                     findings={}))
    for g in all_grids[:-1]:
        for back in range(1, 91):
            if rng.random() < 0.93:
                db.session.add(KnockRound(place_id=g.id, day=today - timedelta(days=back), doors=rng.randint(5, 15)))
    db.session.flush()
