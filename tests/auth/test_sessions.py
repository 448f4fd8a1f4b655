"""Sessions end for real: sign-out, a password change, deactivation and "sign out everywhere" (issue 12)."""
from flask import g

from portal.auth.models import User
from portal.core.audit import AuditEntry
from portal.extensions import db

from ..factories import PASSWORD


class Browser:
    """A test client that forgets the user Flask-Login keeps in ``g``: the tests share one app context, and
    several browsers here must each be judged by their own cookie."""

    def __init__(self, app):
        self.client = app.test_client()

    def __getattr__(self, name):
        method = getattr(self.client, name)
        if name not in ("get", "post"):
            return method

        def call(*args, **kwargs):
            g.pop("_login_user", None)
            return method(*args, **kwargs)
        return call


def signed_in(app, username, password=PASSWORD):
    browser = Browser(app)
    assert browser.post("/login", data={"username": username, "password": password}).status_code == 302
    return browser


def is_signed_in(browser) -> bool:
    return browser.get("/").status_code == 200


def test_a_copied_cookie_is_dead_after_sign_out(app, county):
    browser = signed_in(app, "coord")
    cookie = browser.get_cookie("session").value
    browser.post("/logout")
    thief = Browser(app)
    thief.set_cookie("session", cookie)
    assert not is_signed_in(thief)


def test_a_password_change_ends_every_other_session(app, county):
    here, there = signed_in(app, "coord"), signed_in(app, "coord")
    response = here.post("/password", data={"current": PASSWORD, "new": "another-pass-77", "confirm": "another-pass-77"})
    assert response.status_code == 302
    assert is_signed_in(here) and not is_signed_in(there)
    entry = db.session.query(AuditEntry).filter_by(action="password").one()
    assert entry.user_id == county["users"]["coord"].id and entry.before is None and entry.after is None


def test_deactivation_and_sign_out_everywhere_end_sessions(app, county):
    coord, east = signed_in(app, "coord"), signed_in(app, "east")
    admin = signed_in(app, "admin")
    user = county["users"]["coord"]
    data = {"username": "coord", "display_name": "coord", "role": "coordinator", "place_id": county["root"].id,
            "group": ""}  # "active" left out: unticked
    assert admin.post(f"/admin/users/{user.id}", data=data).status_code == 302
    assert not is_signed_in(coord)
    assert admin.post(f"/admin/users/{county['users']['east'].id}/sessions/end").status_code == 302
    assert not is_signed_in(east) and is_signed_in(admin)
    assert db.session.query(AuditEntry).filter_by(action="sessions").count() == 1


def test_admin_can_force_a_new_password_at_next_sign_in(app, county):
    user = county["users"]["east"]
    user.must_change_password = True
    db.session.commit()
    browser = signed_in(app, "east")
    response = browser.get("/")
    assert response.status_code == 302 and response.location.endswith("/password")
    browser.post("/password", data={"current": PASSWORD, "new": "another-pass-77", "confirm": "another-pass-77"})
    assert is_signed_in(browser)
    assert db.session.get(User, user.id).must_change_password is False
