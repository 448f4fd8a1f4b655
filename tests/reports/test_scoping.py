"""A township coordinator's report covers only that township; group staff only their group; volunteers none."""
from __future__ import annotations

import pytest

from .conftest import rows_by_first, table


def test_a_township_coordinator_sees_only_the_township(figures, build):
    report = build("east")
    assert report.place.code == "T1"
    rows = rows_by_first(table(report, "children-ledger"))
    assert set(rows) == {"东村"}
    assert table(report, "children-coverage").total[1:] == [3, 2, 1, 66.7]
    assert [r[0] for r in table(report, "children-must-pair").rows] == ["儿童b"]


def test_the_west_township_sees_its_village_and_none_of_the_east_hours(figures, build):
    report = build("west")
    assert set(rows_by_first(table(report, "children-ledger"))) == {"西村"}
    assert table(report, "hours").total[1:] == [0, 0]  # every volunteer lives in 东村


def test_a_coordinator_cannot_report_on_another_township(figures, build):
    with pytest.raises(ValueError, match="区域"):
        build("east", place=figures["west"])


def test_staff_see_only_their_group(figures, build):
    report = build("elders")
    assert not [s for s in report.sections if s.group == "children"]
    assert rows_by_first(table(report, "elderly-ledger"))["西村"][-3:] == [1, 0, 0]


def test_the_report_page_refuses_volunteers_and_keeps_coordinators_in_their_area(figures, client, login):
    login("vol")
    assert client.get("/reports/").status_code == 403
    login("east")
    assert client.get(f"/reports/?year=2026&quarter=2&place={figures['west'].id}").status_code == 400
    page = client.get("/reports/?year=2026&quarter=2").get_data(as_text=True)
    assert "东村" in page and "西村" not in page
