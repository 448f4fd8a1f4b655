"""The report page in a real browser: charts drawn, the map opens a village's ledger, the print layout paginates."""
import re
import subprocess
from datetime import date, datetime

import pytest
from playwright.sync_api import expect

from portal.assignment.models import Pairing
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.volunteers.models import Volunteer

from ..factories import add_coordinator, make_place
from .conftest import served, sign_in


def fill_county():
    county = make_place("C", "示范县", "county", None, 27.25, 111.8)
    town = make_place("T", "东乡", "township", county, 27.3, 111.8)
    east = make_place("V1", "东村", "village", town, 27.31, 111.81)
    west = make_place("V2", "西村", "village", town, 27.21, 111.71)
    helper = Volunteer(name="张老师", gender="F", phone="13800000000", place_id=east.id, status="active")
    db.session.add(helper)
    people = [Beneficiary(group="children", name=f"孩子{i}", gender="F", birth_date=date(2016, 1, 1),
                          place_id=(east if i < 3 else west).id, category="orphan" if i in (0, 4) else "left_behind",
                          created_at=datetime(2026, 1, 5)) for i in range(5)]
    db.session.add_all(people)
    db.session.flush()
    db.session.add(Pairing(service="children.caring_pairing", beneficiary_id=people[0].id, volunteer_id=helper.id,
                           unit=f"b{people[0].id}", started_on=date(2026, 2, 1)))
    add_coordinator(county)
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("reports") / "portal.sqlite", fill_county) as served_portal:
        yield served_portal


def test_the_report_shows_charts_and_the_map_opens_a_villages_ledger(server, browser):
    base, _app = server
    page = browser.new_page()
    sign_in(page, base, "coord", "coordinator-pass")
    page.goto(f"{base}/reports/?kind=quarterly&year=2026&quarter=2")
    coverage = page.locator("#t-children-coverage")
    expect(coverage.locator("svg.chart")).to_be_visible()
    expect(coverage.locator("svg.chart rect")).to_have_count(4)  # a track and a bar per village
    expect(page.locator("#t-children-must-pair tbody tr")).to_have_count(1)  # 孩子4, an orphan in 西村
    box = page.locator("#t-children-map svg.chart").bounding_box()
    assert box["width"] > 200 and box["height"] > 150
    page.locator("#t-children-map svg.chart a").filter(has_text="西村").first.click()
    expect(page).to_have_url(re.compile(r"/g/children/\?place=\d+$"))
    expect(page.locator("table.list tbody tr")).to_have_count(2)  # 孩子3 and 孩子4


def test_the_print_layout_is_a4_with_a_page_per_section_and_a_running_head(server, browser, tmp_path):
    base, _app = server
    page = browser.new_page()
    sign_in(page, base, "coord", "coordinator-pass")
    page.goto(f"{base}/reports/print?kind=quarterly&year=2026&quarter=2")
    sections = page.locator("section.report-section").count()
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)", info), info
    pages = int(re.search(r"^Pages:\s+(\d+)$", info, re.M).group(1))
    # Each section starts a page; none of this small county's runs over two.
    assert sections <= pages <= 2 * sections
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    sheets = text.split("\f")[:pages]
    # Every page names the area, the period and the date at the top, and its number of the whole at the bottom.
    for number, sheet in enumerate(sheets, start=1):
        assert "示范县" in sheet and "2026年第2季度" in sheet and "制表日期" in sheet, sheet[:200]
        assert f"{number} / {pages}" in sheet
