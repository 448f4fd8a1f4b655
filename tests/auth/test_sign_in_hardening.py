"""Throttling per name and address, safe redirects, equal timing, password rules (issue 12, sign-in)."""
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

from portal.auth.models import LoginAttempt, User
from portal.auth.passwords import password_problem
from portal.extensions import db

from ..concurrency import run_together
from ..factories import PASSWORD
from ..volunteers.test_volunteering import join_form


def attempt(app, username, password, ip):
    return app.test_client().post("/login", data={"username": username, "password": password},
                                  environ_base={"REMOTE_ADDR": ip})


def test_failures_lock_the_pair_only(app, county):
    for _ in range(app.config["GUANAI_LOGIN_MAX_FAILURES"]):
        attempt(app, "coord", "wrong", "10.0.0.1")
    assert attempt(app, "coord", PASSWORD, "10.0.0.1").status_code == 429
    assert attempt(app, "coord", PASSWORD, "10.0.0.2").status_code == 302   # the owner, from elsewhere
    assert attempt(app, "east", PASSWORD, "10.0.0.1").status_code == 302    # another user behind that address


def test_a_name_tried_from_many_addresses_is_slowed_not_locked(app, county):
    app.config.update(GUANAI_LOGIN_NAME_SLOWDOWN_AFTER=3, GUANAI_LOGIN_NAME_DELAY_SECONDS=30)
    for n in range(4):
        attempt(app, "coord", "wrong", f"10.0.1.{n}")
    assert attempt(app, "coord", PASSWORD, "10.0.2.1").status_code == 429
    for row in db.session.execute(select(LoginAttempt)).scalars():  # in Python: SQLite has no date arithmetic
        row.at -= timedelta(seconds=31)
    db.session.commit()
    assert attempt(app, "coord", PASSWORD, "10.0.2.1").status_code == 302


@pytest.mark.commits
def test_parallel_wrong_passwords_get_at_most_the_allowed_checks(migrated, app, county):
    def work(_):
        current_app.config["WTF_CSRF_ENABLED"] = False
        current_app.test_client().post("/login", data={"username": "coord", "password": "wrong"},
                                       environ_base={"REMOTE_ADDR": "10.9.9.9"})

    assert run_together(migrated, work, range(20)) == []
    db.session.expire_all()
    checked = db.session.execute(select(db.func.count()).select_from(LoginAttempt)).scalar_one()
    # Never more than the limit; under contention an attempt being refused may still be counted by another
    # for a moment, so fewer is possible (and the next try, seeing the refused ones gone, gets its check).
    assert 1 <= checked <= app.config["GUANAI_LOGIN_MAX_FAILURES"]


def test_unknown_users_cost_a_password_hash(client, county, monkeypatch):
    import portal.auth.passwords as passwords
    calls = []
    real = passwords.check_password_hash
    monkeypatch.setattr(passwords, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    client.post("/login", data={"username": "nobody-here", "password": "whatever-1"})
    assert len(calls) == 1


def test_next_never_leads_off_site_nor_breaks(client, county):
    for target in ("/%09/evil.example/phish", "//evil.example", "/%0d%0aSet-Cookie:x=1", "/\\evil.example",
                   "https://evil.example/"):
        response = client.post(f"/login?next={target}", data={"username": "coord", "password": PASSWORD})
        assert response.status_code == 302 and response.location == "/", target
        client.post("/logout")
    assert client.post("/lang/en", data={"next": "/\t/evil.example"}).location == "/"
    assert client.post("/lang/en", data={"next": "/\r\nX: y"}).status_code == 302
    assert client.post("/lang/en", data={"next": "/g/children/?q=1"}).location == "/g/children/?q=1"
    from portal.web.redirects import is_local_path
    assert not is_local_path("/\n/evil") and is_local_path("/activities/")


def test_join_is_throttled_per_address(client, county):
    current_app.config["GUANAI_JOIN_MAX_TRIES"] = 2
    for _ in range(2):
        page = client.post("/join", data=join_form(county, username="coord"))
        assert "该用户名已被使用" in page.get_data(as_text=True)
    assert client.post("/join", data=join_form(county, username="coord")).status_code == 429


def test_password_rules(client, county, login):
    assert password_problem("short-pw9", "x", "staff")            # under 10 for staff
    assert password_problem("short-pw9", "x", "volunteer") is None
    assert password_problem("coordinator-9", "coordinator", "coordinator")
    assert password_problem("woaini1314", "x", "volunteer")      # in the shipped list
    assert password_problem("1234567890", "x", "coordinator")
    login("admin")
    page = client.post("/admin/users/new", data={"username": "s1", "display_name": "s", "role": "staff",
                                                 "place_id": county["east"].id, "group": "children", "active": "y",
                                                 "password": "123456789"})
    assert page.status_code == 200
    assert db.session.execute(select(User).filter_by(username="s1")).scalar_one_or_none() is None
