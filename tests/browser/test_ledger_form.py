"""The ledger form in a real browser: choosing a village refills the household picker with its households."""
import pytest
from playwright.sync_api import expect

from portal.extensions import db
from portal.ledger.models import Household

from ..factories import add_coordinator, make_place
from .conftest import served, sign_in


def fill_two_villages():
    county = make_place("C", "示范县", "county", None, 27.25, 111.8)
    town = make_place("T", "东乡", "township", county, 27.3, 111.8)
    east = make_place("V1", "东村", "village", town, 27.31, 111.81)
    west = make_place("V2", "西村", "village", town, 27.21, 111.71)
    db.session.add_all([Household(place_id=east.id, head_name="王德福"), Household(place_id=west.id, head_name="李大山")])
    add_coordinator(county)
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("ledger") / "portal.sqlite", fill_two_villages) as served_portal:
        yield served_portal


def test_choosing_a_village_refills_the_household_picker(server, browser):
    base, _app = server
    page = browser.new_page()
    sign_in(page, base, "coord", "coordinator-pass")
    page.goto(f"{base}/g/children/new")
    picker = page.locator("#household_id")
    expect(picker.locator("option", has_text="王德福")).to_have_count(1)  # the first village's
    expect(picker.locator("option", has_text="李大山")).to_have_count(0)
    page.select_option("#place_id", label="示范县 · 东乡 · 西村")
    expect(picker.locator("option", has_text="李大山")).to_have_count(1)
    expect(picker.locator("option", has_text="王德福")).to_have_count(0)
    expect(picker.locator("option").first).to_have_attribute("value", "0")  # "(none)" stays first
