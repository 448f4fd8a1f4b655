"""Duty fixtures: the small county with a grid in each village, owners as users, and helpers to record work."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from portal.core.time import local_today
from portal.extensions import db

from ..factories import add_person, make_place, password_hash
from ..visits.conftest import days_ago, pair, visit  # noqa: F401  (re-exported for the tests)


@pytest.fixture
def grids(county):
    """Two grids under 东村 and one under 西村."""
    g1 = make_place("V1G1", "东村第1网格", "grid", county["v_east"])
    g2 = make_place("V1G2", "东村第2网格", "grid", county["v_east"])
    g3 = make_place("V2G1", "西村第1网格", "grid", county["v_west"])
    db.session.commit()
    return {"g1": g1, "g2": g2, "g3": g3}


def user(username, role="volunteer", place=None, group=None):
    from portal.auth.models import User
    u = User(username=username, display_name=username, role=role, place_id=place.id if place else None, group=group)
    u.password_hash = password_hash()
    db.session.add(u)
    db.session.commit()
    return u


def owner(role, who, place=None, unit=None, person=None, duty=None):
    from portal.duties.models import DutyOwner
    row = DutyOwner(role=role, user_id=who.id, place_id=place.id if place else None, unit=unit,
                    beneficiary_id=person.id if person else None, duty=duty)
    db.session.add(row)
    db.session.commit()
    return row


def someone(place, group="children", registered_days_ago=200, **kw):
    """A person registered some days ago (a child of 10 unless told)."""
    kw.setdefault("birth", local_today() - timedelta(days=365 * 10 + 40))
    return add_person(group, place, created_at=days_ago(registered_days_ago), **kw)


def child_profile(person, school="城关小学", grade_class="四年级2班", schooling="in_school"):
    from plugins.children.models import ChildProfile
    db.session.add(ChildProfile(beneficiary_id=person.id, school=school, grade_class=grade_class, schooling=schooling))
    db.session.commit()


def traits(person, *codes):
    from portal.duties.models import PersonTrait
    for code in codes:
        db.session.add(PersonTrait(beneficiary_id=person.id, trait=code))
    db.session.commit()


def duties_of(person) -> dict:
    """The kept duties of one person: {duty key: DutyDue}."""
    from sqlalchemy import select

    from portal.duties.models import DutyDue
    db.session.expire_all()
    return {r.duty: r for r in db.session.execute(select(DutyDue).where(DutyDue.beneficiary_id == person.id)).scalars()}


def contact(person, days=0, who="父亲", how="phone"):
    from portal.duties.models import FamilyContact
    db.session.add(FamilyContact(beneficiary_id=person.id, contacted_on=local_today() - timedelta(days=days), who=who,
                                 how=how))
    db.session.commit()


def knocked(place, days=0, doors=3):
    from portal.duties.models import KnockRound
    db.session.add(KnockRound(place_id=place.id, day=local_today() - timedelta(days=days), doors=doors))
    db.session.commit()


def born_years_ago(years: int, days: int = 40) -> date:
    """A birth date ``years`` years and ``days`` days before today."""
    from portal.core.time import years_before
    return years_before(local_today(), years) - timedelta(days=days)


@pytest.fixture
def helper(county):
    """The volunteer signed in as ``vol``, offering the caring-family pairing."""
    from ..factories import add_volunteer
    return add_volunteer(county, "小志愿", user=county["users"]["vol"], services=("children.caring_pairing",))
