"""Report pages kept once for every worker and server (issue 32): in a table, or in Redis when the queue is.

A second app on the same database (another gunicorn worker, another server) reads the page the first one
built; a transaction that writes data a report reads (a visit logged, a person added) makes every server
build it again; sign-ins and notices do not. Long tables show their first rows and open whole on their own
page. These tests commit for real: the kept page is read through other connections.
"""
from __future__ import annotations

import os
from datetime import date, datetime

import pytest
from sqlalchemy import text

from portal.extensions import db
from portal.testing import PASSWORD, add_person

pytestmark = pytest.mark.commits

QUARTER = {"kind": "quarterly", "year": 2026, "quarter": 2}


# The Redis store runs in the suite's second pass, which has the run's Redis (Makefile QUEUE_TESTS).
@pytest.fixture(params=["table", "redis"] if os.environ.get("GUANAI_TEST_QUEUE_URL") else ["table"])
def store(request, app, migrated):
    """The config both apps share: the kept reports in the database, or in the test run's Redis."""
    config = {"GUANAI_REPORT_CACHE_IN_TESTS": True, "GUANAI_REPORT_CACHE_SECONDS": 600}
    if request.param == "redis":
        from portal.testing.workers import redis_url
        url = redis_url(os.environ.get("GUANAI_TEST_QUEUE_URL", ""))
        config["GUANAI_QUEUE_URL"] = url
        config["GUANAI_QUEUE_NAME"] = "kept-test"
    app.config.update(config)
    from portal.reports.kept import forget_all
    forget_all()
    yield config
    forget_all()


@pytest.fixture
def second(store, migrated):
    """Another app on the same database: another worker or server."""
    from portal.testing import make_app
    other = make_app(migrated, **store)
    yield other
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _page(client, place_id) -> str:
    response = client.get("/reports/", query_string={**QUARTER, "place": place_id})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _sign_in(client, username="coord"):
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302


def test_a_page_built_by_one_app_is_served_by_another_until_a_visit_is_logged(app, county, store, second, client):
    from portal.visits.models import Visit
    person = add_person("children", county["v_east"], name="王小明", category="orphan")
    _sign_in(client)
    root = county["root"].id
    first = _page(client, root)
    # A row written behind the apps' backs (no session saw it): a kept page cannot know, so it must not change.
    with db.engine.begin() as conn:
        conn.execute(text("UPDATE beneficiaries SET category = 'left_behind' WHERE id = :id"), {"id": person.id})
    other = second.test_client()
    with second.app_context():
        _sign_in(other)
        from portal.testing import statements
        with statements() as seen:
            served = _page(other, root)
    assert _sections(served) == _sections(first)
    assert not any("FROM beneficiaries" in s and "GROUP BY" in s for s in seen)  # no figure was computed
    # A visit logged through the app commits: the next view, on either app, builds the report again.
    db.session.add(Visit(beneficiary_id=person.id, rule=None, visited_at=db.func.now(), mode="home", findings={}))
    db.session.commit()
    with second.app_context():
        with statements() as seen:
            rebuilt = _page(other, root)
    assert any("FROM beneficiaries" in s for s in seen)
    assert _sections(rebuilt) != _sections(first)  # the category changed behind its back is now counted


def test_signing_in_does_not_forget_the_kept_page(app, county, store, client):
    from portal.reports.kept import read
    _sign_in(client)
    _page(client, county["root"].id)
    kept = _kept_keys(store)
    assert kept
    client.post("/logout")
    _sign_in(client, "east")
    assert all(read(k) is not None for k in kept)


def test_a_long_table_shows_its_first_rows_and_opens_whole(app, county, store, client):
    app.config["GUANAI_REPORT_TABLE_ROWS"] = 2
    from tests.factories import make_place
    for n in range(4):
        village = make_place(f"VX{n}", f"新村{n}", "village", county["east"])
        add_person("children", village, name=f"儿童{n}", category="orphan", birth=date(2016, 1, 1),
                   created_at=datetime(2026, 1, 5, 4))
    _sign_in(client)
    page = _page(client, county["root"].id)
    assert "显示" in page
    links = {part.split('"')[0].replace("&amp;", "&") for part in page.split('href="')[1:]
             if part.startswith("/reports/table/")}
    assert links
    wholes = []
    for link in links:
        whole = client.get(link)
        assert whole.status_code == 200
        wholes.append(whole.get_data(as_text=True))
    assert any(all(f"新村{n}" in body for n in range(4)) for body in wholes)  # a table by village, whole
    assert not any('class="more"' in body for body in wholes)  # no row left out


def _sections(page: str) -> str:
    return page[page.index('class="report-toc'):]


def _kept_keys(store) -> list[str]:
    if "GUANAI_QUEUE_URL" in store:
        from portal.reports.kept import _prefix, _redis
        client, prefix = _redis(), _prefix()
        return [k.decode()[len(prefix):] for k in client.scan_iter(match=prefix + "*")]
    with db.engine.connect() as conn:
        return list(conn.execute(text("SELECT key FROM kept_reports")).scalars())
