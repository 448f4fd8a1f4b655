"""Every core figure of the 2026 Q2 report against the hand-counted county in conftest.py."""
from __future__ import annotations

from .conftest import rows_by_first, table


def test_people_on_the_ledger_at_period_end_by_village_and_category(figures, build):
    t = table(build(), "children-ledger")
    assert [str(c) for c in t.columns[:7]] == ["村", "孤儿", "事实无人抚养儿童", "低保家庭重残重病儿童", "低保家庭儿童",
                                                "其他困境儿童", "农村留守儿童"]
    rows = rows_by_first(t)
    # 东村: a, b (its grid counts in the village), h at end; b new; c left. d, e never in the quarter.
    assert rows["东村"] == [2, 0, 0, 0, 0, 1, 3, 1, 1]
    # 西村: f, g at end; i entered on 1 July local time (30 June UTC), so after the period.
    assert rows["西村"] == [0, 0, 1, 0, 0, 1, 2, 0, 0]
    assert t.total[1:] == [2, 0, 1, 0, 0, 2, 5, 1, 1]


def test_people_who_left_in_the_period_by_reason(figures, build):
    rows = rows_by_first(table(build(), "children-left"))
    assert rows["迁出"][0] == 1
    assert rows["已超龄"][0] == 0  # d left in March, before the quarter


def test_trend_by_quarter_counts_people_and_pairings_at_each_quarter_end(figures, build):
    t = table(build(), "children-trend")
    assert [r[0] for r in t.rows] == ["2025 Q3", "2025 Q4", "2026 Q1", "2026 Q2"]
    assert [r[1:3] for r in t.rows] == [[1, 0], [2, 0], [5, 2], [5, 2]]
    assert t.chart.kind == "column" and t.chart.values == [1, 2, 5, 5]


def test_pairing_coverage_counts_pairings_running_at_period_end(figures, build):
    rows = rows_by_first(table(build(), "children-coverage"))
    # 东村: a paired, h paired (ends in July), b's pairing ended on 10 June.
    assert rows["东村"] == [3, 2, 1, 66.7]
    # 西村: f's pairing was declined, g's starts in July.
    assert rows["西村"] == [2, 0, 2, 0.0]
    by_category = rows_by_first(table(build(), "children-coverage-cat"))
    assert by_category["孤儿"] == [1, 2, 1, 50.0]
    assert by_category["低保家庭重残重病儿童"] == [3, 1, 0, 0.0]
    assert by_category["事实无人抚养儿童"] == [2, 0, 0, None]


def test_the_map_places_villages_by_coordinates_with_people_coverage_and_volunteers(figures, build):
    t = table(build(), "children-map")
    points = {p["name"]: p for p in t.chart.points}
    assert points["东村"]["size"] == 3 and points["东村"]["value"] == 66.7
    assert points["东村"]["extra"] == 3  # v1, v2, v4 active in 东村; v3 is pending
    assert points["西村"]["extra"] == 0 and (points["西村"]["lat"], points["西村"]["lon"]) == (27.21, 111.71)


def test_activities_held_and_attendance_in_the_period(figures, build):
    rows = rows_by_first(table(build(), "activities"))
    # One held in May (the cancelled one and July's do not count); two confirmed, one attended.
    assert rows["每周亲情电话"] == [1, 2, 1]


def test_volunteer_hours_by_month(figures, build):
    t = table(build(), "hours")
    assert [r[:2] for r in t.rows] == [["2026-04", 3.0], ["2026-05", 2.5], ["2026-06", 1.0]]
    assert t.total[1:] == [6.5, 2]
    assert t.chart.values == [3.0, 2.5, 1.0]


def test_volunteers_active_new_unchecked_and_expiring(figures, build):
    values = [r[1] for r in table(build(), "volunteers").rows]
    # active v1 v2 v4; new v2 v3; v2 unchecked; v4 checked May 2025 (expires within 90 days of 30 June 2026).
    # Hours count once confirmed; v4's 20 unconfirmed hours are shown apart, as pending (issue 27).
    assert values == [3, 2, 1, 1, 6.5, 2, 20.0]


def test_an_annual_report_covers_the_whole_year(figures, build):
    report = build(quarter=None)
    rows = rows_by_first(table(report, "children-ledger"))
    # New in 2026: a, b, e, h in 东村 and f, g, i in 西村 (e and i entered in July); left: c and d.
    assert rows["东村"][-3:] == [4, 4, 2]
    assert rows["西村"][-3:] == [3, 3, 0]
    assert [r[0] for r in table(report, "hours").rows][0] == "2026-01"
