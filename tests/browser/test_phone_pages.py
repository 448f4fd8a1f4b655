"""On a phone (issue 27): /join asks for free time as a week of morning, afternoon and evening boxes and for the
village, with "use my location" instead of typed coordinates, all in large tap targets; a coordinator's
navigation folds behind a menu button at 600 px and below, and names never break one character per line."""
from datetime import date

import pytest
from playwright.sync_api import expect

from portal.auth.models import User
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.volunteers.models import Volunteer

from ..factories import make_place
from .conftest import fits, served, sign_in

PHONE = {"width": 390, "height": 844}


def fill_county():
    county = make_place("C", "示范县", "county", None, 27.25, 111.8)
    town = make_place("T", "东乡", "township", county, 27.3, 111.8)
    make_place("V1", "东村", "village", town, 27.31, 111.81)
    west = make_place("V2", "西塘村", "village", town, 27.40, 111.70)
    north = make_place("T2", "北山乡", "township", county, 27.0, 112.0)     # listed first: 北 before 东 by pinyin
    make_place("V3", "北坡村", "village", north, 27.01, 112.01)
    user = User(username="town", display_name="东乡协调员", role="coordinator", place_id=town.id)
    user.set_password("town-pass-1")
    db.session.add(user)
    for i, name in enumerate(["欧阳慧敏", "司马晓东", "李小红"]):
        db.session.add(Beneficiary(group="children", name=name, gender="F", birth_date=date(2015, 3, 1 + i),
                                   place_id=west.id, address="西塘村3组"))
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("phone") / "portal.sqlite", fill_county) as served_portal:
        yield served_portal


def test_joining_on_a_phone_uses_a_week_of_boxes_and_my_location(server, browser):
    base, app = server
    phone = browser.new_context(viewport=PHONE, geolocation={"latitude": 27.401, "longitude": 111.699},
                                permissions=["geolocation"])
    page = phone.new_page()
    page.goto(f"{base}/join")
    assert page.locator("input[name=lat]").get_attribute("type") == "hidden"  # never typed
    assert page.locator("input[name=availability]").count() == 21
    page.fill("#name", "林小雨")
    page.fill("#phone", "13912345678")
    page.select_option("#gender", "F")
    page.select_option("#kind", "youth")
    # the village is chosen in two steps, the township first (places/widgets.py): the first township's listed
    assert page.locator("#place_id_in option:checked").inner_text() == "北山乡"
    assert page.locator("#place_id option").all_inner_texts() == ["示范县 · 北山乡 · 北坡村"]
    page.click("#use-location")       # the nearest village is in the other township: its places are fetched
    expect(page.locator("#location-status")).to_contain_text("已选最近的村")
    expect(page.locator("select[name=place_id] option:checked")).to_have_text("示范县 · 东乡 · 西塘村")
    assert page.locator("#place_id_in option:checked").inner_text() == "东乡"
    page.select_option("#place_id_in", label="北山乡")   # and back by hand
    expect(page.locator("#place_id option")).to_have_count(1)
    page.select_option("#place_id_in", label="东乡")
    expect(page.locator("#place_id option")).to_have_count(2)
    page.select_option("#place_id", label="示范县 · 东乡 · 西塘村")
    for code in ("sat-am", "sat-pm", "wed-eve"):
        page.locator(f"input[name=availability][value={code}]").locator("xpath=..").click()
    targets = ("label.slot, #use-location, .join-form button[type=submit], "
               ".join-form input:not([type=hidden]):not([type=checkbox]), .join-form select")
    small = page.evaluate("""(sel) => [...document.querySelectorAll(sel)]
        .filter(e => e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))""", targets)
    assert small == []
    assert fits(page, PHONE["width"])
    page.fill("[name='svc-children.tutoring']", "1")
    page.fill("#username", "xiaoyu")
    page.fill("#password", "spring-rain-42")
    page.fill("#confirm", "spring-rain-42")
    page.check("#pledge")
    page.click(".join-form button[type=submit]")
    expect(page.locator(".flash.success")).to_be_visible()
    with app.app_context():
        v = db.session.execute(db.select(Volunteer)).scalar_one()
        assert v.availability == "wed-eve,sat-am,sat-pm" and (v.lat, v.lon) == (27.401, 111.699)
        assert v.place.name == "西塘村"
    phone.close()


def test_a_coordinator_on_a_phone_opens_the_menu_and_names_stay_whole(server, browser):
    base, _app = server
    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    sign_in(page, base, "town", "town-pass-1")
    page.goto(f"{base}/g/children/")
    menu = page.locator(".menu-button")
    expect(menu).to_be_visible()
    expect(page.locator("#main-nav")).to_be_hidden()
    menu.click()
    expect(page.locator("#main-nav")).to_be_visible()
    expect(menu).to_have_attribute("aria-expanded", "true")
    # Each name sits on one line (a tag beside it may wrap below; the name itself never breaks).
    names = page.evaluate("""() => [...document.querySelectorAll('table.list td:first-child > a')]
        .map(a => [a.innerText, a.getClientRects().length, a.getBoundingClientRect().height])""")
    assert {n for n, _lines, _h in names} >= {"欧阳慧敏", "司马晓东", "李小红"}
    assert [n for n, lines, height in names if lines > 1 or height > 40] == []
    assert fits(page, PHONE["width"] + 1)
    page.set_viewport_size({"width": 1000, "height": 800})
    expect(page.locator(".menu-button")).to_be_hidden()
    expect(page.locator("#main-nav")).to_be_visible()
    phone.close()
