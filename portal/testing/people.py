"""People, places and sign-in for tests (portal.testing): a small county with one user per role, helpers that
add a place, a user or a person, and the test client's sign-in."""
from __future__ import annotations

from datetime import date
from functools import cache

import pytest

#: The password of every user the fixtures make.
PASSWORD = "correct-horse-1"


@cache
def password_hash(password: str = PASSWORD) -> str:
    """A cheap hash of the password, made once per process, for the county's seven users in every test.

    The portal's own scrypt takes a good part of a second on a busy machine, for each of them and again at each
    sign-in; the sign-in still checks this hash through check_password_hash (which reads the method from the
    hash), and users made through the pages (admin, /join) still get the portal's scrypt.
    """
    from werkzeug.security import generate_password_hash
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def make_place(code, name, level, parent=None, lat=None, lon=None):
    """Add a place of the tree, with its path (flushed, not committed)."""
    from portal.extensions import db
    from portal.places.models import Place
    place = Place(code=code, name=name, level=level, parent=parent, lat=lat, lon=lon)
    db.session.add(place)
    db.session.flush()
    place.set_path()
    return place


def make_user(username, role, place=None, group=None, password=PASSWORD):
    """Add a user (flushed, not committed): ``role`` admin, coordinator, staff (of ``group``) or volunteer."""
    from portal.auth.models import User
    from portal.extensions import db
    user = User(username=username, display_name=username, role=role, place_id=place.id if place else None,
                group=group)
    user.password_hash = password_hash(password)
    db.session.add(user)
    db.session.flush()
    return user


def add_person(group, place, name="李小红", gender="F", birth=date(2016, 5, 1), category=None, **kw):
    """Add a person of ``group``'s ledger living in ``place``, committed (for tests that read, not create)."""
    from portal.extensions import db
    from portal.ledger.models import Beneficiary
    person = Beneficiary(group=group, name=name, gender=gender, birth_date=birth, place_id=place.id,
                         category=category, **kw)
    db.session.add(person)
    db.session.commit()
    return person


@pytest.fixture
def staff_groups(app) -> dict[str, str]:
    """The groups of the county's two staff users: the first two the app registers (a suite names its own)."""
    codes = list(app.extensions["guanai"].groups)
    return {"kids": codes[0], "elders": codes[min(1, len(codes) - 1)]}


@pytest.fixture
def county(app, staff_groups):
    """A county with two townships, a village in each, a household, and one user per role."""
    from portal.extensions import db
    from portal.ledger.models import Household
    root = make_place("C", "示范县", "county", None, 27.25, 111.8)
    east = make_place("T1", "东乡", "township", root, 27.3, 111.8)
    west = make_place("T2", "西乡", "township", root, 27.2, 111.7)
    v_east = make_place("V1", "东村", "village", east, 27.31, 111.81)
    v_west = make_place("V2", "西村", "village", west, 27.21, 111.71)
    home = Household(place_id=v_east.id, head_name="王德福", address="东村1组")
    db.session.add(home)
    users = {}
    for username, role, place, group in [("admin", "admin", root, None), ("coord", "coordinator", root, None),
                                         ("east", "coordinator", east, None), ("west", "coordinator", west, None),
                                         ("kids", "staff", root, staff_groups["kids"]),
                                         ("elders", "staff", root, staff_groups["elders"]),
                                         ("vol", "volunteer", None, None)]:
        users[username] = make_user(username, role, place, group)
    db.session.commit()
    return {"root": root, "east": east, "west": west, "v_east": v_east, "v_west": v_west, "home": home,
            "users": users}


@pytest.fixture
def login(client):
    """``login(username, password=PASSWORD)``: sign the test client in (signed out first); the sign-in response."""
    def sign_in(username, password=PASSWORD):
        client.post("/logout")
        return client.post("/login", data={"username": username, "password": password})
    return sign_in


@pytest.fixture
def login_as(login):
    """``login_as(user)`` or ``login_as("coord")``: sign the test client in as a user made with the test password
    (the county's, or one of :func:`make_user`), checking that the portal let them in."""
    def sign_in(user):
        username = user if isinstance(user, str) else user.username
        response = login(username)
        assert response.status_code == 302, f"{username} could not sign in ({response.status_code})"
        return response
    return sign_in
