"""The overdue visits of an area in SQL (counts, one sorted page) against the schedule applied person by person."""
from collections import Counter
from datetime import timedelta

import pytest

from portal.core.time import local_today
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.visits.area import overdue_counts, overdue_helpers, overdue_page, overdue_total
from portal.visits.due import Filters, overdue, schedule
from portal.visits.lists import SORTS

from ..factories import add_volunteer
from .conftest import days_ago, pair, person, set_risk, visit


@pytest.fixture
def cases(app, county):
    """People of every group and risk level: never visited, visited just inside and just outside an interval,
    paired for rules of 15, 30 and 60 days, a high-risk change, and people who left the ledger."""
    helper = add_volunteer(county, "帮扶甲", services=("children.caring_pairing", "elderly.weekly_visit",
                                                       "women.heart_talk", "children.tutoring"))
    other = add_volunteer(county, "帮扶乙", services=("elderly.daily_care",))
    made = {}

    def add(key, group="children", **kw):
        made[key] = person(county, group=group, name=key, **kw)
        return made[key]

    # Children: the caring family visits every 60 days from the pairing's start, then from the last visit.
    pair(add("童-从未走访", registered_days_ago=300), helper, started_days_ago=61)
    pair(add("童-刚好未到", registered_days_ago=60), helper, started_days_ago=60)
    inside = add("童-期内走访", registered_days_ago=300)
    pair(inside, helper, started_days_ago=200)
    visit(inside, rule="caring_family", days=59)
    outside = add("童-期外走访", place="v_west", registered_days_ago=300)
    pair(outside, helper, started_days_ago=200)
    visit(outside, rule="caring_family", days=61)
    tutored = add("童-辅导", registered_days_ago=20)
    pair(tutored, helper, service="children.tutoring", role="volunteer", started_days_ago=16)
    # Elderly: weekly by the paired volunteer, half-monthly chores by another; cadres weekly for those alone.
    weekly = add("老-每周", group="elderly", category="ordinary", registered_days_ago=100)
    pair(weekly, helper, service="elderly.weekly_visit", started_days_ago=30)
    visit(weekly, rule="volunteer", days=8)
    chores = add("老-代购", group="elderly", category="ordinary", place="v_west", registered_days_ago=100)
    pair(chores, other, service="elderly.daily_care", started_days_ago=16)
    add("老-独居", group="elderly", category="alone", registered_days_ago=8)
    add("老-独居未到", group="elderly", category="alone", registered_days_ago=7)
    # Women: the helper's monthly talk.
    talk = add("妇-谈心", group="women", category="ordinary", registered_days_ago=100)
    pair(talk, helper, service="women.heart_talk", started_days_ago=40)
    visit(talk, rule="helper", days=31)
    # Risk levels: key monthly, high weekly and within a day of a change; general quarterly.
    key = add("险-重点", registered_days_ago=31, risk_level="key")
    high = add("险-高危", place="v_west", registered_days_ago=10, risk_level="high")
    visit(high, days=8)
    changed = add("险-新高危", registered_days_ago=10, risk_level="high")
    visit(changed, days=3)
    set_risk(changed, "high", days_ago(2))
    add("险-一般", registered_days_ago=91)
    add("险-一般未到", registered_days_ago=90)
    # People who left: never listed, whatever their visits.
    gone = add("离-已离开", registered_days_ago=300, status="left", left_on=local_today() - timedelta(days=5))
    pair(gone, helper, started_days_ago=200)
    db.session.commit()
    assert key.id and high.id
    return made


def python_overdue(people=None, filters=None):
    return overdue(people, filters or Filters())


def test_the_counts_are_the_rule_applied_person_by_person(cases, county):
    rows = python_overdue()
    assert {r.name for r in rows} >= {"童-从未走访", "童-期外走访", "童-辅导", "老-每周", "老-代购", "老-独居",
                                      "妇-谈心", "险-重点", "险-高危", "险-新高危", "险-一般"}
    assert not {r.name for r in rows} & {"童-刚好未到", "童-期内走访", "老-独居未到", "险-一般未到", "离-已离开"}
    counts = overdue_counts(Beneficiary.id.is_not(None), Filters())
    by_village = Counter((r.village_id, r.village) for r in rows)
    assert counts["total"] == len(rows) == overdue_total(Beneficiary.id.is_not(None), Filters())
    assert counts["people"] == len({r.person_id for r in rows})
    assert counts["high"] == len({r.person_id for r in rows if r.risk_level == "high"}) == 2
    assert dict(counts["by_village"]) == dict(by_village)


@pytest.mark.parametrize("filters", [Filters(group="elderly"), Filters(risk="high"), Filters(group="children")])
def test_the_counts_follow_the_filters(cases, filters):
    rows = python_overdue(filters=filters)
    counts = overdue_counts(Beneficiary.id.is_not(None), filters)
    assert counts["total"] == len(rows) and counts["people"] == len({r.person_id for r in rows})


@pytest.mark.parametrize("sort", list(SORTS))
def test_each_page_is_the_sorted_list_cut_in_pages(cases, sort):
    everything = sorted(python_overdue(), key=SORTS[sort])
    expect = [(r.person_id, r.rule.code, r.due, r.helper, r.village, r.rule.every_days) for r in everything]
    pages = []
    for number in range(1, len(everything) // 4 + 2):
        pages += overdue_page(Beneficiary.id.is_not(None), Filters(), sort, number, 4)
    assert [(r.person_id, r.rule.code, r.due, r.helper, r.village, r.rule.every_days) for r in pages] == expect


@pytest.mark.clock
def test_the_due_date_in_sql_is_the_schedules_for_every_rule(cases):
    """The page's due dates come from SQL; the schedule's from Python, for each (person, rule) overdue."""
    python = {(r.person_id, r.rule.code): r.due for r in schedule(until=local_today() - timedelta(days=1))
              if r.due < local_today()}
    sql = {(r.person_id, r.rule.code): r.due for r in overdue_page(Beneficiary.id.is_not(None), Filters(), "due",
                                                                      1, 100)}
    assert sql == python and len(sql) >= 11


def test_the_helper_filter_lists_the_helpers_with_overdue_visits(cases, county):
    names = [name for _id, name in overdue_helpers(Beneficiary.id.is_not(None), Filters())]
    assert names == sorted({r.helper for r in python_overdue() if r.helper})


def test_the_overdue_page_shows_the_sql_page_and_the_pager(client, login, cases):
    login("coord")
    page = client.get("/visits/overdue?sort=name").get_data(as_text=True)
    first = sorted(python_overdue(), key=SORTS["name"])[0]
    assert first.name in page and "page=2" in page
