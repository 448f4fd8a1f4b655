"""In a real browser (issue 27): a volunteer stops volunteering on a phone, seeing first which pairings end and
which activities they leave; the township coordinator then sees those people as needing a new helper, and sees a
helper's child pairings flagged because the background check is pending, on the dashboard and the pairing list."""
from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from portal.activities.models import Activity, SignUp
from portal.assignment.models import Pairing
from portal.auth.models import User
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.volunteers.models import Volunteer, VolunteerService

from ..factories import make_place
from .conftest import fits, served, sign_in

PHONE = {"width": 390, "height": 844}


def fill_county():
    county = make_place("C", "示范县", "county", None, 27.25, 111.8)
    town = make_place("T", "东乡", "township", county, 27.3, 111.8)
    village = make_place("V", "东村", "village", town, 27.31, 111.81)
    users = {}
    for username, role, place in [("town", "coordinator", town), ("vol", "volunteer", None)]:
        user = User(username=username, display_name=username, role=role, place_id=place.id if place else None)
        user.set_password(f"{username}-pass-1")
        users[username] = user
    db.session.add_all(users.values())
    db.session.flush()
    leaving = Volunteer(name="张志愿", gender="F", phone="13800000000", place_id=village.id, status="active",
                        background_check="passed", background_checked_on=date.today(), user_id=users["vol"].id)
    unchecked = Volunteer(name="徐文博", gender="M", phone="13900000000", place_id=village.id, status="active",
                          background_check="pending")
    for v in (leaving, unchecked):
        v.services.append(VolunteerService(service="children.caring_pairing", capacity=3, load=2))
    db.session.add_all([leaving, unchecked])
    db.session.flush()
    for helper, names in ((leaving, ("李小红", "李小军")), (unchecked, ("王小明", "王小丽"))):
        for name in names:
            child = Beneficiary(group="children", name=name, gender="F", birth_date=date(2016, 5, 1),
                                place_id=village.id, category="orphan", services=["children.caring_pairing"])
            db.session.add(child)
            db.session.flush()
            db.session.add(Pairing(service="children.caring_pairing", beneficiary_id=child.id, volunteer_id=helper.id,
                                   unit=f"b{child.id}", status="active", response="accepted"))
    start = datetime.utcnow().replace(microsecond=0) + timedelta(days=5)
    activity = Activity(service="children.family_call", group="children", title="周末亲情电话", starts_at=start,
                        ends_at=start + timedelta(hours=2), place_id=town.id, volunteer_slots=3, confirmed=1)
    db.session.add(activity)
    db.session.flush()
    db.session.add(SignUp(activity_id=activity.id, volunteer_id=leaving.id, status="confirmed"))
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("leaving") / "portal.sqlite", fill_county) as served_portal:
        yield served_portal


def test_a_volunteer_stops_on_a_phone_after_seeing_what_ends_and_the_coordinator_sees_who_needs_help(server, browser):
    base, app = server
    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    sign_in(page, base, "vol", "vol-pass-1")
    page.goto(f"{base}/me/")
    stop = page.locator("#step-left")
    expect(stop).to_have_text("不再担任志愿者")  # not 退出, the word of signing out
    stop.click()
    consequences = page.locator("#consequences")
    for shown in ("李小红", "李小军", "周末亲情电话", "将会发生什么"):
        expect(consequences).to_contain_text(shown)
    assert fits(page, PHONE["width"])
    with app.app_context():
        assert db.session.execute(db.select(Volunteer.status).where(Volunteer.name == "张志愿")).scalar_one() == "active"
    page.fill("#reason", "去外地打工")
    page.click("#confirm-step-down button[type=submit]")
    expect(page.locator(".flash").first).to_contain_text("您已不再担任志愿者")
    phone.close()

    desk = browser.new_context(viewport={"width": 1200, "height": 900})
    page = desk.new_page()
    sign_in(page, base, "town", "town-pass-1")
    page.goto(f"{base}/")
    box = page.locator("#helpers-to-find")
    expect(box).to_contain_text("需要新帮扶人的对象")
    expect(page.locator("#flagged-count")).to_have_text("2")
    expect(page.locator("#flagged-note")).to_be_visible()
    page.click("text=需要新帮扶人的对象")
    listing = page.locator("#pairing-list")
    expect(listing).to_contain_text("李小红")
    expect(listing).to_contain_text("志愿者已退出")
    page.goto(f"{base}/pairings/?show=flagged")
    expect(page.locator("#pairing-list tr.flagged")).to_have_count(2)
    expect(page.locator("#pairing-list")).to_contain_text("徐文博")
    expect(page.locator("#pairing-list")).to_contain_text("审查中")
    page.click("#pairing-list >> text=王小明")
    expect(page.locator("#helpers .flagged")).to_contain_text("背景审查")
    desk.close()
