"""A village of elders around two volunteers, and a far one: what the forming tests group (seed 001 篇十五)."""
from datetime import date

import pytest

from portal.auth.models import User
from portal.extensions import db
from portal.ledger.models import Beneficiary, Household
from portal.volunteers.models import Volunteer

from ..factories import password_hash

KM_LAT = 1 / 111.2  # degrees of latitude per km


@pytest.fixture
def elders(county):
    """14 elders of 东村 within 1 km of its centre, one 5 km away; two leaders there (the first a user,
    ``leader``), one volunteer in 西村; an elder of 西村."""
    v = county["v_east"]
    people = []
    for i in range(14):
        home = Household(place_id=v.id, head_name=f"户{i}", address=f"东村{i % 3 + 1}组{i}号", phone=f"1390000{i:04d}",
                         lat=27.31 + (i % 5 - 2) * 0.2 * KM_LAT, lon=111.81 + (i // 5 - 1) * 0.002)
        db.session.add(home)
        db.session.flush()
        person = Beneficiary(group="elderly", name=f"老人{i}", gender="F" if i % 2 else "M", birth_date=date(1945, 1, 1),
                             place_id=v.id, household_id=home.id, address=home.address, phone=home.phone)
        db.session.add(person)
        people.append(person)
    far_home = Household(place_id=v.id, head_name="远户", address="东村山上", lat=27.31 + 5 * KM_LAT, lon=111.81)
    db.session.add(far_home)
    db.session.flush()
    far = Beneficiary(group="elderly", name="山上老人", gender="M", birth_date=date(1940, 1, 1), place_id=v.id,
                      household_id=far_home.id)
    west_person = Beneficiary(group="elderly", name="西村老人", gender="M", birth_date=date(1940, 1, 1),
                              place_id=county["v_west"].id)
    db.session.add_all([far, west_person])
    user = User(username="leader", display_name="组长", role="volunteer")
    user.password_hash = password_hash()
    other_user = User(username="nonleader", display_name="别人", role="volunteer")
    other_user.password_hash = password_hash()
    db.session.add_all([user, other_user])
    db.session.flush()
    lead1 = Volunteer(name="李组长", gender="F", phone="13811110001", place_id=v.id, lat=27.31, lon=111.808,
                      status="active", user_id=user.id)
    lead2 = Volunteer(name="张组长", gender="M", phone="13811110002", place_id=v.id, lat=27.31, lon=111.812,
                      status="active")
    west = Volunteer(name="西村志愿者", gender="M", phone="13811110003", place_id=county["v_west"].id, lat=27.21,
                     lon=111.71, status="active", user_id=other_user.id)
    db.session.add_all([lead1, lead2, west])
    db.session.commit()
    return {"people": people, "far": far, "west_person": west_person, "leaders": [lead1, lead2], "west": west,
            "user": user}
