"""The overdue list read from the kept due table (visit_due, portal/visits/kept.py; issue 28 "Scale"): the same
rows in the same order as the schedule computed in Python, for every sort and over several pages; kept up to date
by the session's writes; never read when it is not whole; scoped; an out-of-range page is the last page."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from portal.core.time import local_today
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.testing import statements
from portal.visits import kept
from portal.visits.area import overdue_page, overdue_total
from portal.visits.due import Filters, schedule
from portal.visits.lists import SORTS
from portal.visits.models import Visit, VisitDue, VisitDueState
from portal.web import pagination

from .conftest import days_ago, pair, person, visit
from .test_area import cases, python_overdue  # noqa: F401 (the fixture)

ROW = re.compile(r'<tr><td><a href="/visits/person/(\d+)">.*?</tr>', re.S)
DUE = re.compile(r'<td data-label="[^"]*">(\d{4}-\d\d-\d\d)</td>')


def listed(client, query: str) -> list[tuple[int, str]]:
    """(person id, due day) of each row of one page of the overdue list, in order."""
    response = client.get(f"/visits/overdue{query}")
    assert response.status_code == 200
    return [(int(m.group(1)), DUE.search(m.group(0)).group(1)) for m in ROW.finditer(response.get_data(as_text=True))]


def reads_visits(seen: list[str]) -> bool:
    """Whether any statement read the visits table itself (the due days computed, not kept)."""
    return any(re.search(r"\bFROM visits\b", s) for s in seen)


def test_the_kept_rows_are_the_schedules_due_days_for_everyone(cases):
    kept.refresh()
    everything = schedule()
    stored = {(r.beneficiary_id, r.rule): (r.due, r.vid, r.risk_level)
              for r in db.session.execute(select(VisitDue)).scalars()}
    assert stored == {(r.person_id, r.rule.code): (r.due, r.helper_id, r.risk_level) for r in everything}
    assert len(stored) > 20


@pytest.mark.parametrize("sort", list(SORTS))
def test_each_page_of_the_kept_list_is_the_python_list_in_order_and_reads_no_visit(cases, sort):
    """Fails on the list computed per request: it read every person's visits for each page."""
    kept.refresh()
    everything = sorted(python_overdue(), key=SORTS[sort])
    expect = [(r.person_id, r.rule.code, r.due, r.helper, r.village, r.rule.every_days) for r in everything]
    pages = []
    with statements() as seen:
        for number in range(1, len(everything) // 4 + 2):
            pages += overdue_page(Beneficiary.id.is_not(None), Filters(), sort, number, 4)
    assert [(r.person_id, r.rule.code, r.due, r.helper, r.village, r.rule.every_days) for r in pages] == expect
    assert not reads_visits(seen)
    assert overdue_total(Beneficiary.id.is_not(None), Filters()) == len(everything)


@pytest.mark.parametrize("sort", list(SORTS))
def test_the_page_walks_the_whole_list_in_the_python_order(client, login, cases, sort):
    kept.refresh()
    db.session.commit()
    login("coord")
    everything = sorted(python_overdue(), key=SORTS[sort])
    shown = []
    for number in range(1, -(-len(everything) // 5) + 1):   # the tests' page size is 5
        shown += listed(client, f"?sort={sort}&page={number}")
    assert shown == [(r.person_id, r.due.isoformat()) for r in everything]


def test_a_page_past_the_end_is_the_last_page_not_an_empty_one(client, login, cases):
    """Fails on the visits' own ListPage: page 999 showed no rows under 'page 999 of N'."""
    kept.refresh()
    db.session.commit()
    login("coord")
    everything = sorted(python_overdue(), key=SORTS["due"])
    pages = -(-len(everything) // 5)
    last = listed(client, f"?page={pages}")
    assert last and listed(client, "?page=999") == last == [(r.person_id, r.due.isoformat())
                                                             for r in everything[(pages - 1) * 5:]]
    body = client.get("/visits/overdue?page=999").get_data(as_text=True)
    assert f"第 {pages} / {pages} 页" in body
    assert listed(client, "?page=0") == listed(client, "?page=1")


def test_one_page_class_remains():
    from portal.visits import lists
    assert lists.ListPage is pagination.ListPage
    assert not hasattr(lists, "page_of")


def test_a_coordinator_of_another_township_sees_none_of_these_rows(client, login, cases, county):
    kept.refresh()
    db.session.commit()
    west = {r.person_id for r in python_overdue() if r.village == "西村"}
    east = {r.person_id for r in python_overdue() if r.village == "东村"}
    assert west and east
    login("west")
    seen = {pid for n in range(1, 5) for pid, _due in listed(client, f"?page={n}")}
    assert seen == west
    login("east")
    seen = {pid for n in range(1, 8) for pid, _due in listed(client, f"?page={n}")}
    assert seen == east and not seen & west


def test_a_visit_moves_the_person_off_the_list_at_once_and_is_kept_at_commit(cases):
    kept.refresh()
    db.session.commit()
    child = cases["童-从未走访"]
    assert any(r.person_id == child.id for r in overdue_page(Beneficiary.id.is_not(None), Filters(), "due", 1, 100))
    db.session.add(Visit(beneficiary_id=child.id, rule="caring_family", visited_at=days_ago(0), mode="home",
                         findings={}))
    db.session.flush()   # not committed: the list still sees the transaction's own visit
    rows = overdue_page(Beneficiary.id.is_not(None), Filters(), "due", 1, 100)
    assert not any(r.person_id == child.id and r.rule.code == "caring_family" for r in rows)
    db.session.commit()
    due = db.session.execute(select(VisitDue.due).where(VisitDue.beneficiary_id == child.id,
                                                        VisitDue.rule == "caring_family")).scalar_one()
    assert due == local_today() + timedelta(days=60)


def test_a_new_pairing_and_a_person_who_left_are_kept_at_commit(cases, county):
    from portal.volunteers.models import Volunteer
    kept.refresh()
    db.session.commit()
    helper = db.session.execute(select(Volunteer).where(Volunteer.name == "帮扶甲")).scalar_one()
    fresh = person(county, name="新结对", registered_days_ago=100)
    pair(fresh, helper, started_days_ago=70)
    rules = set(db.session.execute(select(VisitDue.rule).where(VisitDue.beneficiary_id == fresh.id)).scalars())
    assert "caring_family" in rules
    fresh.status = "left"
    db.session.commit()
    assert not db.session.execute(select(VisitDue).where(VisitDue.beneficiary_id == fresh.id)).first()
    assert fresh.id not in {r.person_id for r in overdue_page(Beneficiary.id.is_not(None), Filters(), "due", 1, 100)}


def test_rows_written_by_a_statement_make_the_list_compute_again_until_refreshed(cases):
    kept.refresh()
    db.session.commit()
    gone = cases["险-一般"]
    db.session.execute(update(Beneficiary).where(Beneficiary.id == gone.id).values(status="left"))
    db.session.commit()
    assert db.session.get(VisitDueState, 1) is None          # not whole any more
    with statements() as seen:
        rows = overdue_page(Beneficiary.id.is_not(None), Filters(), "due", 1, 100)
    assert reads_visits(seen) and gone.id not in {r.person_id for r in rows}
    kept.refresh()
    assert not db.session.execute(select(VisitDue).where(VisitDue.beneficiary_id == gone.id)).first()


def test_a_changed_rule_is_not_read_from_rows_kept_under_the_old_one(app, cases):
    kept.refresh()
    db.session.commit()
    before = {(r.person_id, r.rule.code) for r in python_overdue()}
    app.config["GUANAI_VISIT_RISK_DAYS"] = {"general": 30}
    try:
        rows = overdue_page(Beneficiary.id.is_not(None), Filters(), "due", 1, 200)
        assert {(r.person_id, r.rule.code) for r in rows} == {(r.person_id, r.rule.code) for r in python_overdue()}
        assert {(r.person_id, r.rule.code) for r in rows} != before   # 险-一般未到 is overdue at 30 days
    finally:
        app.config.pop("GUANAI_VISIT_RISK_DAYS")


def test_the_risk_and_group_filters_read_the_kept_rows_as_the_schedule_says(cases):
    kept.refresh()
    for filters in (Filters(group="elderly"), Filters(risk="high"), Filters(group="children", risk="general")):
        expect = sorted((r.person_id, r.rule.code) for r in python_overdue(filters=filters))
        got = sorted((r.person_id, r.rule.code) for r in overdue_page(Beneficiary.id.is_not(None), filters, "due",
                                                                         1, 200))
        assert got == expect, filters


@pytest.mark.postgresql     # SQLite has one writer at a time
def test_rows_another_transaction_wrote_meanwhile_are_overwritten_not_a_unique_violation(cases):
    """Two commits about one person at once (or one during the daily refresh): the second's INSERT finds the
    first's rows (here: rows left in place), and overwrites them on PostgreSQL instead of failing the commit."""
    kept.refresh()
    child = cases["童-从未走访"]
    db.session.execute(update(VisitDue).where(VisitDue.beneficiary_id == child.id).values(due=local_today()))
    kept._write([Beneficiary.id.in_([child.id]), Beneficiary.status == "active"], Filters(ids=[child.id]))
    stored = {r.rule: r.due for r in db.session.execute(select(VisitDue).where(VisitDue.beneficiary_id == child.id))
              .scalars()}
    assert stored == {r.rule.code: r.due for r in schedule(Beneficiary.id == child.id)}
