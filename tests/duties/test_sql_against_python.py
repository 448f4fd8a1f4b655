"""The due table computed in SQL agrees with a plain Python computation of the same rules, on random ledgers:
people of every group on grids and villages, traits, profiles, visits at any hour, family contacts, knock rounds,
pairings, owners of every kind and periodic services received (hypothesis)."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from portal.core.time import local_today, to_local, years_before
from portal.extensions import db

from ..conftest import empty_database
from ..factories import make_place, password_hash
from .conftest import days_ago

GROUPS = {"children": ("orphan", "left_behind", "hardship"), "elderly": ("alone", "ordinary", "poor"),
          "women": ("ordinary", "ill")}
SERVICES = {"children": [("caring_pairing", "volunteer"), ("tutoring", "teacher"), ("tutoring", "volunteer"),
                         ("counselling", "volunteer")],
            "elderly": [("weekly_visit", "volunteer"), ("daily_care", "volunteer")],
            "women": [("heart_talk", "volunteer")]}
VISIT_RULES = ("door", "cadre", "preschool", "class_teacher", "class_talk", "caring_family", "teacher", "love_tutor",
               "helper", "volunteer", None)
ROLES = ("village_cadre", "grid_worker", "township_cadre")

person_st = st.fixed_dictionaries({
    "group": st.sampled_from(sorted(GROUPS)), "cat": st.integers(0, 2), "age": st.integers(1, 90),
    "registered": st.integers(0, 400), "where": st.integers(0, 5), "traits": st.sets(st.sampled_from(
        ("empty_nest", "alone", "dibao"))), "school": st.sampled_from(("", "一小", "二小")),
    "schooling": st.sampled_from(("in_school", "preschool")), "left": st.booleans(),
    "visits": st.lists(st.tuples(st.sampled_from(VISIT_RULES), st.integers(0, 120), st.integers(0, 23)), max_size=4),
    "contacts": st.lists(st.integers(0, 120), max_size=2),
    "pairings": st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2), st.integers(1, 300)), max_size=2),
    "services": st.lists(st.tuples(st.integers(0, 1), st.integers(0, 500)), max_size=2),   # periodic, received
})
#: Grades from which the puberty class is owed (the children's plugin's rule, 003).
GRADES = (*(f"{n}年级" for n in range(5, 10)), "五年级", "六年级", "七年级", "八年级", "九年级", "初")
ledger_st = st.fixed_dictionaries({
    "people": st.lists(person_st, min_size=1, max_size=8),
    "rounds": st.lists(st.tuples(st.integers(0, 5), st.integers(0, 10)), max_size=4),
    "place_owners": st.lists(st.tuples(st.sampled_from(ROLES), st.integers(0, 6), st.integers(0, 2)), max_size=5),
    "class_owners": st.lists(st.tuples(st.sampled_from(("一小", "二小")), st.integers(0, 2)), max_size=2),
    "person_owners": st.lists(st.tuples(st.integers(0, 7), st.sampled_from(("door", "family", "caring_family")),
                                        st.integers(0, 2)), max_size=3),
})


def build(ledger):
    """Write the ledger; return what the Python computation reads."""
    from plugins.children.models import ChildProfile
    from portal.assignment.models import Pairing
    from portal.auth.models import User
    from portal.duties.models import DutyOwner, FamilyContact, KnockRound, PersonTrait
    from portal.ledger.models import Beneficiary
    from portal.visits.models import Visit
    from portal.plugin.manager import current_plugins
    from portal.received.models import ServiceRecord
    from portal.volunteers.models import Volunteer
    county = make_place("C", "县", "county")
    town = make_place("T", "镇", "township", county)
    v1, v2 = make_place("V1", "一村", "village", town), make_place("V2", "二村", "village", town)
    places = [v1, make_place("V1G1", "一村1格", "grid", v1), make_place("V1G2", "一村2格", "grid", v1),
              v2, make_place("V2G1", "二村1格", "grid", v2), make_place("V2G2", "二村2格", "grid", v2)]
    users = []
    for i in range(3):
        u = User(username=f"u{i}", display_name=f"u{i}", role="volunteer", password_hash=password_hash())
        db.session.add(u)
        users.append(u)
    db.session.flush()
    helpers = [Volunteer(name=f"h{i}", gender="F", phone="1", place_id=v1.id, status="active", user_id=users[i].id)
               for i in range(3)]
    db.session.add_all(helpers)
    db.session.flush()
    today = local_today()
    people = []
    for spec in ledger["people"]:
        group = spec["group"]
        p = Beneficiary(group=group, name="人", gender="F", birth_date=years_before(today, spec["age"]) - timedelta(days=3),
                        place_id=places[spec["where"]].id, category=GROUPS[group][spec["cat"] % len(GROUPS[group])],
                        status="left" if spec["left"] else "active", created_at=days_ago(spec["registered"], 9))
        db.session.add(p)
        db.session.flush()
        people.append(p)
        for t in spec["traits"]:
            db.session.add(PersonTrait(beneficiary_id=p.id, trait=t))
        if group == "children":
            db.session.add(ChildProfile(beneficiary_id=p.id, school=spec["school"], grade_class="1班" if spec["school"] else "",
                                        schooling=spec["schooling"]))
        for rule, ago, hour in spec["visits"]:
            db.session.add(Visit(beneficiary_id=p.id, rule=rule, visited_at=days_ago(ago, hour), mode="home", findings={}))
        for ago in spec["contacts"]:
            db.session.add(FamilyContact(beneficiary_id=p.id, contacted_on=today - timedelta(days=ago)))
        owed = current_plugins().periodic_services(group)
        for i, ago in spec["services"]:   # a periodic service received (portal/received), on a day of 1-28
            day = today - timedelta(days=ago)
            db.session.add(ServiceRecord(beneficiary_id=p.id, service=owed[i % len(owed)].key,
                                         day=day.replace(day=min(day.day, 28))))
        paired = set()
        for s, h, ago in spec["pairings"]:
            service, role = SERVICES[group][s % len(SERVICES[group])]
            if (service, role) in paired:   # one pairing per person, service and role
                continue
            paired.add((service, role))
            db.session.add(Pairing(service=f"{group}.{service}", role=role, beneficiary_id=p.id,
                                   volunteer_id=helpers[h].id, unit=f"b{p.id}-{s}-{h}", status="active",
                                   response="accepted", started_on=today - timedelta(days=ago)))
    for where, ago in ledger["rounds"]:
        if not db.session.execute(select(KnockRound).where(KnockRound.place_id == places[where].id,
                                                           KnockRound.day == today - timedelta(days=ago))).first():
            db.session.add(KnockRound(place_id=places[where].id, day=today - timedelta(days=ago)))
            db.session.flush()
    level_place = {"village_cadre": [v1, v2], "grid_worker": places, "township_cadre": [town]}
    for role, i, u in ledger["place_owners"]:
        candidates = level_place[role]
        db.session.add(DutyOwner(role=role, place_id=candidates[i % len(candidates)].id, user_id=users[u].id))
    for school, u in ledger["class_owners"]:
        db.session.add(DutyOwner(role="class_teacher", unit=f"{school} 1班", user_id=users[u].id))
    for i, code, u in ledger["person_owners"]:
        p = people[i % len(people)]
        db.session.add(DutyOwner(role="village_cadre", beneficiary_id=p.id, duty=f"{p.group}.{code}",
                                 user_id=users[u].id))
    db.session.commit()
    return people


def python_due(today: date) -> set[tuple]:
    """The same duties computed row by row in Python from the ORM objects (the test's reference)."""
    from plugins.children.models import ChildProfile
    from portal.assignment.models import Pairing
    from portal.duties.models import DutyOwner, FamilyContact, KnockRound, PersonTrait
    from portal.duties.rules import rules_in_force
    from portal.ledger.models import Beneficiary
    from portal.places.models import Place
    from portal.visits.models import Visit
    from portal.volunteers.models import Volunteer
    places = {p.id: p for p in db.session.execute(select(Place)).scalars()}
    traits = {}
    for t in db.session.execute(select(PersonTrait)).scalars():
        traits.setdefault(t.beneficiary_id, set()).add(t.trait)
    profiles = {c.beneficiary_id: c for c in db.session.execute(select(ChildProfile)).scalars()}
    visits = list(db.session.execute(select(Visit)).scalars())
    contacts = list(db.session.execute(select(FamilyContact)).scalars())
    rounds = list(db.session.execute(select(KnockRound)).scalars())
    pairings = [p for p in db.session.execute(select(Pairing)).scalars() if p.status == "active"]
    owners = list(db.session.execute(select(DutyOwner)).scalars())
    users_of = {v.id: v.user_id for v in db.session.execute(select(Volunteer)).scalars()}
    from portal.plugin.manager import current_plugins
    from portal.received.models import ServiceRecord
    records = list(db.session.execute(select(ServiceRecord)).scalars())
    periodic = {f"{s.group}.periodic_{s.code}": s for s in current_plugins().periodic_services()}
    out = set()
    for p in db.session.execute(select(Beneficiary).where(Beneficiary.status == "active")).scalars():
        place = places[p.place_id]
        village = places[place.parent_id] if place.level == "grid" else place
        for rule in rules_in_force(p.group):
            if (not rule.every_days and rule.due is None) or rule.quota is not None:
                continue    # holidays; an owner's quota keeps no row per person
            if rule.due is not None:   # received's periodic services: their own period (002, 003)
                found = _periodic(p, periodic[rule.key], records, profiles, today)
                if found is None:
                    continue
                last, due = found
                at = {"village_cadre": village.id, "grid_worker": p.place_id, "township_cadre": village.parent_id}
                owners_here = [o.user_id for o in owners if o.role == rule.owner and o.beneficiary_id is None
                               and o.place_id == at[rule.owner]]
                mine = [o.user_id for o in owners if o.beneficiary_id == p.id and o.duty == rule.key]
                out.add((p.id, rule.key, min(mine) if mine else (min(owners_here) if owners_here else None), last, due))
                continue
            whom = []
            if rule.categories:
                whom.append(p.category in rule.categories)
            if rule.traits:
                whom.append(bool(traits.get(p.id, set()) & set(rule.traits)))
            if whom and not any(whom):
                continue
            age = p.age_on(today)
            if (rule.min_age is not None and age < rule.min_age) or (rule.max_age is not None and age >= rule.max_age):
                continue
            if rule.where is not None:  # the children's class talk: at school, with a school on the profile
                prof = profiles.get(p.id)
                if prof is None or prof.schooling != "in_school" or prof.school == "":
                    continue
            carrying = [q for q in pairings if q.beneficiary_id == p.id
                        and (not rule.services or q.service in {f"{p.group}.{s}" for s in rule.services})
                        and (not rule.roles or q.role in rule.roles)]
            if rule.paired and not carrying:
                continue
            if rule.paired is False and carrying:
                continue
            if rule.action == "knock":
                days = [r.day for r in rounds if r.place_id == p.place_id]
            elif rule.action == "family_call":
                days = [c.contacted_on for c in contacts if c.beneficiary_id == p.id]
            else:
                days = [to_local(v.visited_at).date() for v in visits
                        if v.beneficiary_id == p.id and v.rule in (rule.code, *rule.counts)]
            last = max(days) if days else None
            start = min(q.started_on for q in carrying) if rule.paired else to_local(p.created_at).date()
            due = (last or start) + timedelta(days=rule.every_days)
            mine = [o.user_id for o in owners if o.beneficiary_id == p.id and o.duty == rule.key]
            if rule.owner == "helper":
                role_owner = users_of.get(min(q.volunteer_id for q in carrying)) if carrying else None
            elif rule.owner == "class_teacher":
                prof = profiles.get(p.id)
                unit = f"{prof.school} {prof.grade_class}" if prof else None
                found = [o.user_id for o in owners if o.role == "class_teacher" and o.beneficiary_id is None
                         and o.unit == unit]
                role_owner = min(found) if found else None
            else:
                at = {"village_cadre": village.id, "grid_worker": p.place_id, "township_cadre": village.parent_id}
                found = [o.user_id for o in owners if o.role == rule.owner and o.beneficiary_id is None
                         and o.place_id == at[rule.owner]]
                role_owner = min(found) if found else None
            out.add((p.id, rule.key, min(mine) if mine else role_owner, last, due))
    return out


def _months_after(day: date, months: int) -> date:
    """(The service days are on the 1st to the 28th: no month's end to roll over.)"""
    month = day.month - 1 + months
    return day.replace(year=day.year + month // 12, month=month % 12 + 1)


def _anniversary(born: date, year: int) -> date:
    try:
        return born.replace(year=year)
    except ValueError:       # 29 February: 1 March in other years
        return date(year, 3, 1)


def _periodic(p, service, records, profiles, today: date):
    """(last received, next due) of a periodic service for the person, or None when it is not owed (received's due
    list: never given, due from the day the person entered the ledger; then ``every_months`` after the last time;
    a birthday on the day this year until marked from 30 days before, then next year's)."""
    if service.applies is not None:          # the puberty class, from grade 5 (003)
        prof = profiles.get(p.id)
        if prof is None or not prof.grade_class.startswith(GRADES):
            return None
    days = [r.day for r in records if r.beneficiary_id == p.id and r.service == service.key]
    last = max(days) if days else None
    if service.birthday:
        this = _anniversary(p.birth_date, today.year)
        marked = last is not None and last >= this - timedelta(days=30)
        return last, (_anniversary(p.birth_date, today.year + 1) if marked else this)
    if service.every_months:
        return last, (_months_after(last, service.every_months) if last else to_local(p.created_at).date())
    return None if last else (last, to_local(p.created_at).date())


@pytest.mark.commits  # each example empties the tables with connections of its own
@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(ledger=ledger_st)
def test_the_sql_due_table_agrees_with_python_on_random_ledgers(app, ledger):
    from portal.duties.due import refresh
    from portal.duties.models import DutyDue
    try:
        build(ledger)  # its commit refreshed the people it wrote

        def kept():
            db.session.expire_all()
            return {(r.beneficiary_id, r.duty, r.owner_id, r.last_done, r.due_on)
                    for r in db.session.execute(select(DutyDue)).scalars() if ":" not in r.duty}
        expected = python_due(local_today())
        assert kept() == expected
        refresh()  # the whole table at once, as the daily run does
        db.session.commit()
        assert kept() == expected
    finally:
        empty_database()
