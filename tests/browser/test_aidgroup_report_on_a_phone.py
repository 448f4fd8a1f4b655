"""In a real browser on a phone-sized page: a mutual-aid group's leader reports a member's fall (001 篇十五:
"若遇有重大情况……向村（社区）、组干部报告"); the township's coordinator finds it among their notifications at once,
and an incident is opened."""
from datetime import date

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from portal.aidgroups.forming import commit_run, params_of, start_run
from portal.aidgroups.models import GroupReport
from portal.auth.models import User
from portal.extensions import db
from portal.ledger.models import Beneficiary, Household
from portal.volunteers.models import Volunteer

from ..factories import make_place
from .conftest import fits, served, sign_in

PHONE = {"width": 390, "height": 844}


def fill_village():
    county = make_place("C", "示范县", "county", None, 27.25, 111.8)
    town = make_place("T", "东乡", "township", county, 27.3, 111.8)
    village = make_place("V", "东村", "village", town, 27.31, 111.81)
    users = []
    for username, role, place in [("town", "coordinator", town), ("lead", "volunteer", None)]:
        user = User(username=username, display_name=username, role=role, place_id=place.id if place else None)
        user.set_password(f"{username}-pass-1")
        users.append(user)
    db.session.add_all(users)
    db.session.flush()
    for i in range(6):
        home = Household(place_id=village.id, head_name=f"户{i}", address=f"东村{i}号", phone=f"1390000000{i}",
                         lat=27.31 + 0.001 * i, lon=111.81)
        db.session.add(home)
        db.session.flush()
        db.session.add(Beneficiary(group="elderly", name=f"王奶奶{i}", gender="F", birth_date=date(1945, 1, 1),
                                   place_id=village.id, household_id=home.id, address=home.address, phone=home.phone))
    db.session.add(Volunteer(name="李组长", gender="F", phone="13811110001", place_id=village.id, lat=27.312,
                             lon=111.81, status="active", user_id=users[1].id))
    db.session.flush()
    run = start_run(None, "elderly", village, params_of(size=10))
    commit_run(None, run)
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("aidgroups") / "portal.sqlite", fill_village) as served_portal:
        yield served_portal


def fits_the_screen(page):
    return fits(page, PHONE["width"])


def test_a_leader_reports_a_fall_on_a_phone_and_the_township_is_told_at_once(server, browser):
    base, app = server
    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    sign_in(page, base, "lead", "lead-pass-1")
    page.goto(f"{base}/aidgroups/mine")
    member = page.locator("li.member").first
    expect(member).to_contain_text("王奶奶")
    expect(member.locator("a[href^='tel:']")).to_be_visible()  # a tap calls the member
    assert fits_the_screen(page)
    member.locator("summary").click()
    member.locator("input[value=fall]").check()
    member.locator("input[name=note]").fill("在院子里摔倒，腿疼")
    member.locator("input[name=incident]").check()
    member.locator("button[type=submit]").click()
    expect(page.locator(".flash.success")).to_contain_text("已即时通知 1 名干部")
    expect(page.locator(".flash.success")).to_contain_text("已立案")
    assert fits_the_screen(page)
    phone.close()

    desk = browser.new_context()
    page = desk.new_page()
    sign_in(page, base, "town", "town-pass-1")
    page.goto(f"{base}/notifications/")
    expect(page.locator("main")).to_contain_text("在院子里摔倒，腿疼")
    expect(page.locator("main")).to_contain_text("李组长")
    desk.close()
    with app.app_context():
        report = db.session.execute(select(GroupReport)).scalar_one()
        assert report.kind == "fall" and report.told == 1 and report.incident_id is not None
