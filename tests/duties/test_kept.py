"""The coordinator's overdue list at county scale (issue 28: p95 within 150 ms at one client and 500 ms at 20 on
the county of 100,000): a view runs the same statements however many rows it shows, and what it shows alike to
everyone with the same view is kept once for every worker and server (``portal.duties.kept``) until a visit, a
contact, an owner or a name changes it."""
from __future__ import annotations

import pytest

from portal.extensions import db
from portal.testing import PASSWORD, statements

from .conftest import contact, knocked, owner, someone, user, visit


def _overdue_people(grids, n, start=0):
    people = []
    for i in range(start, start + n):
        p = someone(grids["g1" if i % 2 else "g2"], category="left_behind", name=f"逾期{i:02d}")
        people.append(p)
    return people


def _statements_of(client, path) -> list[str]:
    client.get(path)                      # anything a first request of the process reads once
    with statements() as seen:
        assert client.get(path).status_code == 200
    return list(seen)


def test_the_overdue_list_runs_the_same_statements_for_two_rows_or_sixty(app, county, grids, client, login_as):
    cadre = user("cadre", place=county["v_east"], role="coordinator")
    owner("village_cadre", cadre, place=county["v_east"])
    few = _overdue_people(grids, 2)
    contact(few[0], days=90)              # a silent family
    knocked(grids["g1"], days=1)
    login_as("coord")
    small = _statements_of(client, "/duties/overdue")
    page = client.get("/duties/overdue").get_data(as_text=True)
    assert "逾期00" in page and "逾期01" in page
    _overdue_people(grids, 58, start=2)   # more people overdue than a page shows (50), more silent families
    large = _statements_of(client, "/duties/overdue")
    # no more (one fewer: the families never heard from fill the silent list, the longest silent are not asked)
    assert len(small) - 1 <= len(large) <= len(small)
    page = client.get("/duties/overdue").get_data(as_text=True)
    assert 'rel="next"' in page           # the page shows 50 and links the next
    # the next page by its cursor, a filter by duty, and a township's coordinator: the same number again
    after = page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    assert len(_statements_of(client, after)) <= len(small)
    assert len(_statements_of(client, "/duties/overdue?duty=children.door")) <= len(small) + 1
    login_as("east")
    assert len(_statements_of(client, "/duties/overdue")) <= len(small) + 1


@pytest.fixture
def kept_on(app, migrated):
    """The kept lists on, in this app and in a second one on the same database (another worker)."""
    config = {"GUANAI_DUTY_CACHE_IN_TESTS": True, "GUANAI_DUTY_CACHE_SECONDS": 600}
    app.config.update(config)
    from portal.testing import make_app
    other = make_app(migrated, **config)
    yield other
    app.config.update({"GUANAI_DUTY_CACHE_IN_TESTS": False})
    with other.app_context():
        db.session.remove()
        db.engine.dispose()


def _sign_in(client, username):
    client.post("/logout")
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302


def _overdue_section(page: str) -> str:
    return page.split('id="overdue"')[1].split("</section>")[0]


@pytest.mark.commits
def test_one_worker_keeps_the_overdue_list_for_another_until_a_visit_or_a_rename_commits(app, county, grids, client,
                                                                                        kept_on):
    cadre = user("cadre", place=county["v_east"], role="coordinator")
    owner("village_cadre", cadre, place=county["v_east"])
    late, other_late = _overdue_people(grids, 2)
    west = someone(county["v_west"], category="left_behind", name="西村逾期")
    _sign_in(client, "coord")
    first = client.get("/duties/overdue").get_data(as_text=True)
    assert "逾期00" in _overdue_section(first) and "西村逾期" in _overdue_section(first)

    second = kept_on.test_client()
    with kept_on.app_context():
        _sign_in(second, "coord")
        with statements() as seen:
            served = second.get("/duties/overdue").get_data(as_text=True)
        assert _overdue_section(served) == _overdue_section(first)
        # nothing of the list was read again: no counts, gaps, rows, silent families or findings
        assert not any(t in s for s in seen for t in ("duty_counts", "duty_gaps", "knock_rounds", "JOIN beneficiaries"))
        # another area's coordinator is not served the county's view: the east township's sees no west village
        _sign_in(second, "east")
        east = _overdue_section(second.get("/duties/overdue").get_data(as_text=True))
        assert "逾期00" in east and "西村逾期" not in east

    # a visit logged (through this app; its commit refreshes the due table): the other worker shows it at once
    total = lambda page: int(page.split('id="overdue-total">')[1].split("<")[0])  # noqa: E731
    rows_of = lambda page, p: _overdue_section(page).count(f"/duties/person/{p.id}\"")  # noqa: E731
    silent = lambda page: page.split('id="silent"')[1].split("</section>")[0]  # noqa: E731
    assert "逾期01" in silent(first)
    visit(late, "door", days=0)
    with kept_on.app_context():
        _sign_in(second, "coord")
        after_visit = second.get("/duties/overdue").get_data(as_text=True)
    assert total(after_visit) == total(first) - 1
    assert rows_of(after_visit, late) == rows_of(first, late) - 1
    # a family contact recorded: no longer silent, on either worker
    contact(other_late, days=0)
    with kept_on.app_context():
        assert "逾期01" not in silent(second.get("/duties/overdue").get_data(as_text=True))
    # a village renamed: the due table is not refreshed, but the lists show the new name at once
    county["v_east"].name = "东风村"
    db.session.commit()
    with kept_on.app_context():
        assert "东风村" in _overdue_section(second.get("/duties/overdue").get_data(as_text=True))
    assert "东风村" in _overdue_section(client.get("/duties/overdue").get_data(as_text=True))
    assert west.id


def test_a_visit_moves_the_generation_on_as_the_last_statement_of_its_transaction(app, county, grids):
    """The one generation row is locked by the UPDATE until the commit: taken last, no refresh holding it waits
    for rows another refresh holds (which would be a deadlock); and a commit that changes nothing kept leaves
    it alone."""
    cadre = user("cadre", place=county["v_east"], role="coordinator")
    owner("village_cadre", cadre, place=county["v_east"])
    late, other = _overdue_people(grids, 2)
    with statements() as seen:
        visit(late, "door", days=0)
    writes = [s for s in seen if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))]
    assert any("duty_counts" in s for s in writes)                 # the visit's refresh recounted
    assert writes[-1].startswith("UPDATE duty_kept")
    assert sum(s.startswith("UPDATE duty_kept") for s in writes) == 1
    with statements() as seen:
        knocked(grids["g1"], days=0)                             # a knock round refreshes the grid's people
    assert [s for s in seen if s.startswith("UPDATE duty_kept")] == [
        s for s in seen if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))][-1:]
    from portal.notifications.models import Notification
    with statements() as seen:
        db.session.add(Notification(user_id=cadre.id, kind="test"))
        db.session.commit()
    assert not any("duty_kept" in s for s in seen)


@pytest.mark.commits
def test_only_the_lists_own_arguments_are_kept_and_what_expired_goes(app, county, grids, client, kept_on):
    from sqlalchemy import func, select, update

    from portal.duties.models import DutyKept
    _overdue_people(grids, 2)
    _sign_in(client, "coord")
    count = lambda: db.session.execute(select(func.count()).select_from(DutyKept)).scalar_one()  # noqa: E731
    assert client.get("/duties/overdue").status_code == 200
    kept_now = count()
    for junk in ("/duties/overdue?x=1", "/duties/overdue?y=2"):
        page = client.get(junk).get_data(as_text=True)
        assert "逾期00" in _overdue_section(page)
    page = client.get("/duties/overdue?owner=nobody1").get_data(as_text=True)
    assert 'value="nobody1"' in page and "逾期00" not in _overdue_section(page)
    assert count() == kept_now + 1          # the data of the owner's filter (by id) only, not three pages
    # values whose lifetime ran out are dropped by the next store
    from datetime import timedelta

    from portal.core.time import utcnow
    db.session.execute(update(DutyKept).where(DutyKept.key != "#generation")
                       .values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.get("/duties/overdue?group=children").status_code == 200
    assert count() == 3                     # the generation, the data and the page of this view
