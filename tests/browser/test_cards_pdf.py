"""A village's contact cards printed to PDF by Chromium: A4 sheets of eight, in Chinese (checked with pdftotext)."""
import re
import subprocess

import pytest

from portal.cards.models import Contact
from portal.extensions import db
from portal.ledger.models import Household

from ..factories import add_coordinator, make_place
from .conftest import sign_in

HOUSEHOLDS = 11  # two sheets: eight cards, then three


def fill_a_village():
    county = make_place("C", "示范县", "county", None, 27.25, 111.8)
    town = make_place("T", "东乡", "township", county, 27.3, 111.8)
    village = make_place("V1", "东村", "village", town, 27.31, 111.81)
    other = make_place("V2", "西村", "village", town, 27.21, 111.71)
    db.session.add_all([Household(place_id=village.id, head_name=f"王{i:02d}", address=f"东村{i}组")
                        for i in range(HOUSEHOLDS)])
    db.session.add(Household(place_id=other.id, head_name="李大山"))
    db.session.add(Contact(place_id=town.id, role="cadre", name="张包片", phone="13900000001"))
    add_coordinator(town)
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    from .conftest import served
    with served(tmp_path_factory.mktemp("cards") / "portal.sqlite", fill_a_village) as served_portal:
        yield served_portal


def test_a_villages_contact_cards_print_to_a4_pdf_in_chinese(server, browser, tmp_path):
    base, app = server
    with app.app_context():
        village_id = db.session.execute(db.select(Household.place_id).limit(1)).scalar_one()
    page = browser.new_page()
    sign_in(page, base, "coord", "coordinator-pass")
    page.goto(f"{base}/cards/batch/contacts?place={village_id}")
    page.emulate_media(media="print")
    pdf = tmp_path / "cards.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+2$", info, re.M), info
    assert re.search(r"Page size:\s+[\d.]+ x [\d.]+ pts \(A4\)", info), info
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert text.count("便民服务联系卡") == HOUSEHOLDS
    assert "张包片" in text and "13900000001" in text and "王00 户" in text and "李大山" not in text
    # Chinese glyphs come from a font installed on the machine (fonts-noto-cjk), embedded in the file.
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert " yes " in fonts, fonts
    chinese = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=True).stdout
    assert "Noto Sans CJK SC" in chinese, "the cards need Debian's fonts-noto-cjk: make browser-install"


def test_one_card_per_page_has_the_cards_exact_size(server, browser, tmp_path):
    base, app = server
    with app.app_context():
        village_id = db.session.execute(db.select(Household.place_id).limit(1)).scalar_one()
    page = browser.new_page()
    sign_in(page, base, "coord", "coordinator-pass")
    page.goto(f"{base}/cards/batch/contacts?place={village_id}&layout=single")
    pdf = tmp_path / "single.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Pages:\s+{HOUSEHOLDS}$", info, re.M), info
    width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info).groups())
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (90, 60)  # millimetres
