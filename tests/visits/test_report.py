"""Visits in the reports: required, done, on time, late and missed per rule and village; the commendation measure.

A hand-counted county, 2026 quarter 2 (1 April to 30 June, 91 days; times at local noon):
  children, rule caring_family (every 60 days, carried by caring_pairing): windows end 30 May and 30 June.
    A 东村, paired since 1 Feb: visits 20 Mar (before), 10 May (on time), 25 Jun (on time) -> req 2, done 2, missed 0
    B 东村, paired since 15 May: visit 20 Jun, first in the period, anchor 1 Apr -> late; req 2, done 1, missed 1
    C 西村, registered and paired 20 May: visit 1 Jun, anchor its registration -> on time; req 2, missed 1
    D 西村, not paired -> owes nothing
  elderly, rule cadre (every 7 days, category alone, no pairing): 13 windows, the last 24-30 June.
    K 西村: visits 3 Apr (on time), 20 Apr (late) -> req 13, done 2, missed 11
    L 东村, registered 20 June -> req 2 (windows ending 23 and 30 June), missed 2
    M 东村, left 10 April -> req 1 (window ending 7 April), missed 1
Helpers: H made A's and B's visits, H2 made C's.
"""
from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import load_workbook

from tests.factories import add_person, add_volunteer
from tests.reports.conftest import table

CARING = "结对爱心家庭走访（每年至少6次）"
CADRE = "乡镇干部每周走访空巢老人"


def _at(y, m, d):
    return datetime(y, m, d, 4, 0)  # UTC; noon in Asia/Shanghai


@pytest.fixture
def visits(county):
    from portal.assignment.models import Pairing
    from portal.extensions import db
    from portal.visits.models import Visit
    east, west = county["v_east"], county["v_west"]
    h = add_volunteer(county, "帮扶甲", services=("children.caring_pairing",))
    h2 = add_volunteer(county, "帮扶乙", services=("children.caring_pairing",))
    people = {
        "A": add_person("children", east, name="儿童A", category="orphan", created_at=_at(2026, 1, 10)),
        "B": add_person("children", east, name="儿童B", category="orphan", created_at=_at(2026, 1, 1)),
        "C": add_person("children", west, name="儿童C", category="orphan", created_at=_at(2026, 5, 20)),
        "D": add_person("children", west, name="儿童D", category="orphan", created_at=_at(2026, 1, 1)),
        "K": add_person("elderly", west, name="老人K", category="alone", created_at=_at(2026, 1, 1),
                        birth=date(1950, 1, 1)),
        "L": add_person("elderly", east, name="老人L", category="alone", created_at=_at(2026, 6, 20),
                        birth=date(1950, 1, 1)),
        "M": add_person("elderly", east, name="老人M", category="alone", created_at=_at(2026, 1, 1),
                        birth=date(1950, 1, 1), status="left", left_on=date(2026, 4, 10), left_reason="moved"),
    }
    for key, vol, start in [("A", h, date(2026, 2, 1)), ("B", h, date(2026, 5, 15)), ("C", h2, date(2026, 5, 20))]:
        db.session.add(Pairing(service="children.caring_pairing", role="volunteer", beneficiary_id=people[key].id,
                               volunteer_id=vol.id, unit=f"b{people[key].id}", status="active",
                               response="accepted", started_on=start))
    for key, rule, day, vol in [("A", "caring_family", (3, 20), h), ("A", "caring_family", (5, 10), h),
                                ("A", "caring_family", (6, 25), h), ("B", "caring_family", (6, 20), h),
                                ("C", "caring_family", (6, 1), h2), ("K", "cadre", (4, 3), None),
                                ("K", "cadre", (4, 20), None)]:
        v = Visit(beneficiary_id=people[key].id, rule=rule, visited_at=_at(2026, *day), mode="home", findings={})
        if vol is not None:
            v.helpers.append(vol)
        db.session.add(v)
    db.session.commit()
    return {"people": people, "h": h, "h2": h2, **county}


@pytest.fixture
def build(app):
    """Build the 2026 Q2 report as ``username`` over their own area."""
    from portal.auth.models import User
    from portal.extensions import db
    from portal.reports.build import build_report, report_area
    from portal.reports.period import Period

    def run(username):
        user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one()
        return build_report(Period(2026, 2), user, report_area(user))
    return run


def _rows(report, key):
    return {(r[0], r[1]): r[2:] for r in table(report, key).rows}


def test_children_visits_per_rule_and_village_required_done_on_time_late_missed(visits, build):
    rows = _rows(build("coord"), "children-visits")
    assert rows == {(CARING, "东村"): [4, 3, 2, 1, 1, 50.0], (CARING, "西村"): [2, 1, 1, 0, 1, 50.0]}
    t = table(build("coord"), "children-visits")
    assert t.total[2:7] == [6, 4, 3, 1, 2]
    assert t.chart.labels == ["东村", "西村"] and t.chart.values == [2, 1]


def test_a_weekly_rule_owes_a_visit_per_week_on_the_ledger_and_nothing_after_leaving(visits, build):
    rows = _rows(build("coord"), "elderly-visits")
    assert rows == {(CADRE, "东村"): [3, 0, 0, 0, 3, 0.0], (CADRE, "西村"): [13, 2, 1, 1, 11, 7.7]}


def test_a_township_coordinator_sees_only_their_townships_villages(visits, build):
    report = build("east")
    assert _rows(report, "children-visits") == {(CARING, "东村"): [4, 3, 2, 1, 1, 50.0]}
    assert set(_rows(report, "elderly-visits")) == {(CADRE, "东村")}
    assert set(_rows(build("west"), "children-visits")) == {(CARING, "西村")}


def test_a_groups_staff_sees_only_their_groups_visits_section(visits, build):
    keys = {t.key for s in build("kids").sections for t in s.tables}
    assert "children-visits" in keys and "elderly-visits" not in keys


def test_the_visits_table_reaches_the_spreadsheet_and_the_page_with_its_chart(visits, client, login):
    login("coord")
    book = load_workbook(io.BytesIO(client.get("/reports/export.xlsx?year=2026&quarter=2").data))
    rows = [list(r) for r in book["children-visits"].iter_rows(values_only=True)]
    assert rows[1][:7] == ["走访规定", "村", "应访", "已访", "按时", "逾期", "漏访"]
    assert rows[2][:7] == [CARING, "东村", 4, 3, 2, 1, 1]
    page = client.get("/reports/?year=2026&quarter=2").get_data(as_text=True)
    assert "儿童：走访" in page and 'aria-label="按时走访"' in page


def test_visits_on_time_rank_helpers_for_the_commendation(visits, app):
    from portal.auth.models import User
    from portal.extensions import db
    from portal.reports.commendation import measures, ranking
    from portal.reports.period import Period
    from portal.visits.report import visits_on_time_measure
    # Over the year A's 20 March visit is late (first of the year, anchor its registration on 10 January).
    found = dict(db.session.execute(visits_on_time_measure(Period(2026)).query).all())
    assert found == {visits["h"].id: 2, visits["h2"].id: 1}
    assert "visits_on_time" in [m.key for m in measures(2026)]
    coord = db.session.execute(db.select(User).filter_by(username="coord")).scalar_one()
    ranked = {r["name"]: r["figures"]["visits_on_time"] for r in ranking(coord, 2026, visits["root"])}
    assert ranked["帮扶甲"] == 2 and ranked["帮扶乙"] == 1
