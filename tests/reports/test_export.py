"""The report page with its charts, the spreadsheet read back with openpyxl, the print layout and the CLI."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from .conftest import table

Q2 = "year=2026&quarter=2"


def _sheet_rows(book, name):
    return [list(r) for r in book[name].iter_rows(values_only=True)]


def test_the_page_shows_each_table_with_its_chart_and_the_map_links_to_the_village_ledger(figures, client, login):
    login("coord")
    page = client.get(f"/reports/?{Q2}").get_data(as_text=True)
    assert page.count("<svg") >= 6
    assert "各村结对覆盖（期末）" in page and "覆盖地图" in page
    assert f'href="/g/children/?place={figures["v_east"].id}"' in page
    assert "儿童b" in page and "儿童f" in page  # classes 1-3 without a pairing
    assert "<script" not in page.split("<main>")[1]


def test_bad_input_gets_a_clear_error_not_a_500(figures, client, login):
    login("coord")
    response = client.get("/reports/?year=2026&quarter=7")
    assert response.status_code == 400 and "季度：请填写 1、2、3 或 4。" in response.get_data(as_text=True)
    assert client.get("/reports/?kind=monthly&year=2026").status_code == 400
    response = client.get("/reports/export.xlsx?year=twenty&quarter=1")
    assert response.status_code == 400 and "年份：请填写 2000 到 2100 之间的年份。" in response.get_data(as_text=True)


def test_the_spreadsheet_has_one_sheet_per_table_with_the_figures(figures, client, login, build):
    login("coord")
    response = client.get(f"/reports/export.xlsx?{Q2}")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    report = build()
    keys = [t.key for s in report.sections for t in s.tables]
    assert book.sheetnames == ["report", *keys]
    rows = _sheet_rows(book, "children-ledger")
    assert rows[1][:2] == ["村", "孤儿"]
    assert rows[2][0] == "东村" and rows[2][1:10] == [2, 0, 0, 0, 0, 1, 3, 1, 1]
    assert rows[-1][7:10] == [5, 1, 1]
    assert _sheet_rows(book, "hours")[2:5] == [["2026-04", 3, 1], ["2026-05", 2.5, 1], ["2026-06", 1, 1]]


def test_the_spreadsheet_headers_follow_the_users_language(figures, client, login):
    from flask_babel import refresh
    login("coord")
    client.post("/lang/en")
    refresh()  # the test's requests share one app context, where Flask-Babel keeps the locale it chose first
    book = load_workbook(io.BytesIO(client.get(f"/reports/export.xlsx?{Q2}").data))
    assert _sheet_rows(book, "children-coverage")[1] == ["Village", "On the ledger", "Paired", "Not paired",
                                                          "Coverage (%)"]


def test_the_print_layout_names_the_area_the_period_and_the_date(figures, client, login):
    login("east")
    page = client.get(f"/reports/print?{Q2}").get_data(as_text=True)
    assert "示范县 · 东乡" in page and "2026年第2季度" in page and "制表日期" in page
    assert "<svg" in page and "reports.css" in page


def test_the_cli_writes_the_same_figures(figures, app, build, tmp_path):
    out = tmp_path / "q2.xlsx"
    result = app.test_cli_runner().invoke(args=["report", "quarterly", "--year", "2026", "--quarter", "2",
                                                "--place", "T1", "-o", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    page_figures = table(build("east"), "children-coverage")
    assert _sheet_rows(book, "children-coverage")[2][1:] == page_figures.rows[0][1:]
    annual = tmp_path / "2026.xlsx"
    result = app.test_cli_runner().invoke(args=["report", "annual", "--year", "2026", "-o", str(annual)])
    assert result.exit_code == 0 and load_workbook(annual)["report"]["B2"].value == "2026年度"


def test_the_cli_exits_2_with_a_line_per_problem(figures, app, tmp_path):
    result = app.test_cli_runner().invoke(args=["report", "quarterly", "--year", "2026", "--quarter", "5",
                                                "--place", "NOPE", "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == ["季度：请填写 1、2、3 或 4。", "地区：没有代码为 NOPE 的地区。"]


@pytest.mark.clock
def test_the_dashboard_shows_where_coverage_is_thin_this_quarter(figures, client, login, monkeypatch):
    from portal.reports import widgets
    from portal.reports.period import Period
    monkeypatch.setattr(widgets, "this_quarter", lambda: Period(2026, 4))  # the fixture's dates, whatever today is
    login("coord")
    page = client.get("/").get_data(as_text=True)
    box = page.split("结对覆盖薄弱的村")[1].split("</section>")[0]
    items = box.split("<li>")[1:]
    # k, alone in 西村, has no helper: the thinnest coverage comes first.
    assert f'href="/g/elderly/?place={figures["v_west"].id}">西村</a> · 留守老人' in items[0] and "<b>0%</b>" in items[0]
    assert len(items) == 3  # 东村 and 西村 for the children, 西村 for the elderly
