"""Two app servers on one database share sessions (issue 32: a province adds servers, not a new design).

A session is a cookie signed with ``SECRET_KEY`` and checked against the user's session version in the
database: the cookie one server set is good on another with the same key, and signing out on one ends it on
both. A server with another key refuses it. The apps here are two ``create_app`` on the same database, as two
gunicorn servers are; the test commits, since the second app reads through its own connections.
"""
import pytest

from portal.extensions import db
from portal.testing import PASSWORD, make_app

pytestmark = pytest.mark.commits


@pytest.fixture
def servers(app, migrated, county):
    """Server A (the test's app, key "test") and B (another app on the same database, same key); C with another."""
    others = [make_app(migrated), make_app(migrated, SECRET_KEY="another key")]
    yield others
    for other in others:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()


def _on(server, cookie: str, path: str = "/") -> int:
    with server.app_context():
        client = server.test_client()
        client.set_cookie("session", cookie)
        return client.get(path).status_code


def test_a_session_from_one_server_is_good_on_another_until_signed_out_on_either(app, client, servers):
    b, c = servers
    assert client.post("/login", data={"username": "coord", "password": PASSWORD}).status_code == 302
    cookie = client.get_cookie("session").value
    assert _on(b, cookie) == 200
    assert _on(c, cookie) == 302  # another SECRET_KEY: the signature fails, back to the sign-in page
    client.post("/logout")  # on server A: the session version moves on in the database
    assert _on(b, cookie) == 302
