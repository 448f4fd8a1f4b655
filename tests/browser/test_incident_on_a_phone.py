"""In a real browser on a phone-sized page: a paired volunteer reports a child emergency and completes its steps.

The coordinator's board shows it with running clocks, a step left past its deadline escalates to the county and
the page says so, the clocks count down in the page (its clock moved on), and completing the steps stops them.
"""
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from portal.assignment.models import Pairing
from portal.auth.models import User
from portal.core.time import utcnow
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.volunteers.models import Volunteer

from ..factories import make_place
from .conftest import fits, served, sign_in

PHONE = {"width": 390, "height": 844}


def fill_county():
    county = make_place("C", "示范县", "county", None, 27.25, 111.8)
    town = make_place("T", "东乡", "township", county, 27.3, 111.8)
    village = make_place("V", "东村", "village", town, 27.31, 111.81)
    users = []
    for username, role, place in [("coord", "coordinator", county), ("town", "coordinator", town), ("vol", "volunteer", None)]:
        user = User(username=username, display_name=username, role=role, place_id=place.id if place else None)
        user.set_password(f"{username}-pass-1")
        users.append(user)
    db.session.add_all(users)
    db.session.flush()
    child = Beneficiary(group="children", name="李小红", gender="F", birth_date=date(2016, 5, 1), place_id=village.id,
                        address="东村3组")
    helper = Volunteer(name="张志愿", gender="F", phone="13800000000", place_id=village.id, status="active",
                       background_check="passed", user_id=users[2].id)
    db.session.add_all([child, helper])
    db.session.flush()
    db.session.add(Pairing(service="children.caring_pairing", beneficiary_id=child.id, volunteer_id=helper.id,
                           unit=f"b{child.id}", status="active", response="accepted"))
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("incidents") / "portal.sqlite", fill_county) as served_portal:
        yield served_portal


def fits_the_screen(page):
    return fits(page, PHONE["width"])


def test_a_volunteer_reports_a_child_emergency_on_a_phone_and_completes_its_steps(server, browser):
    base, app = server
    phone = browser.new_context(viewport=PHONE)
    page = phone.new_page()
    page.clock.install()
    sign_in(page, base, "vol", "vol-pass-1")
    page.goto(f"{base}/me/pairings")
    page.click("text=报告突发事件")
    expect(page.locator("h1")).to_contain_text("李小红")
    assert fits_the_screen(page)
    page.select_option("#kind", "children.emergency")
    page.fill("#what", "从楼梯上摔下，头部出血")
    page.click("main button[type=submit]")
    expect(page.locator(".flash.success")).to_be_visible()
    clocks = page.locator(".steps .clock")
    expect(clocks).to_have_count(3)
    expect(clocks.first).to_contain_text("还剩")
    assert fits_the_screen(page)
    incident_url = page.url

    # The page's own clock moves on past the first step's deadline (15 minutes; counted from the page's own time,
    # which a loaded machine may have kept behind the server's): its clock turns red without a reload.
    behind = page.evaluate("Date.parse(document.querySelector('.steps .clock').dataset.deadline) - Date.now()")
    page.clock.fast_forward(int(behind) + 60_000)
    expect(clocks.first).to_have_class("clock overdue")
    expect(clocks.first).to_contain_text("已超时")
    expect(clocks.nth(2)).to_contain_text("还剩")

    # The coordinator's board shows it with running clocks.
    desk = browser.new_page()
    sign_in(desk, base, "coord", "coord-pass-1")
    desk.goto(f"{base}/incidents/")
    expect(desk.locator("table.board-table")).to_contain_text("李小红")
    expect(desk.locator("table.board-table .clock").first).to_contain_text("还剩")

    # Left past its deadline and an hour more, the sweep escalates to the township, then to the county.
    from portal.incidents.escalation import escalate_overdue_steps
    with app.app_context():
        made = escalate_overdue_steps(utcnow() + timedelta(minutes=80))
        assert [(e.step.code, e.level) for e in made] == [("superiors", 1), ("guardian", 1), ("parents", 1),
                                                          ("superiors", 2)]
    desk.goto(incident_url)
    expect(desk.locator(".escalated").filter(has_text="示范县")).to_have_count(1)
    expect(desk.locator(".escalated").filter(has_text="东乡")).to_have_count(3)

    # The volunteer records each step with one tap (issue 27), then fills in who answered: every clock stops.
    page.goto(incident_url)
    expect(page.locator("#call-now a.call").first).to_have_attribute("href", "tel:120")  # an emergency: ambulance
    for i, told in enumerate(("村主任王书记", "奶奶", "父亲（在广东务工）")):
        page.goto(incident_url)
        page.locator(".steps button.done-now").first.click()
        expect(page.locator(".flash.success")).to_contain_text("已记录")
        step = page.locator(".steps > li").nth(i)
        details = step.locator("form[action$='/details']")
        details.locator("input[name$=told_whom]").fill(told)
        details.locator("select[name$=means]").select_option("phone")
        details.locator("button[type=submit]").click()
        expect(page.locator(".flash.success")).to_be_visible()
        assert fits_the_screen(page)
    expect(page.locator(".steps button.done-now")).to_have_count(0)
    expect(page.locator(".steps > li").nth(2)).to_contain_text("父亲（在广东务工）")
    expect(page.locator(".steps .clock[data-stopped]")).to_have_count(3)
    expect(page.locator(".steps .clock").first).to_contain_text("按时完成")
    page.clock.fast_forward("02:00:00")
    expect(page.locator(".steps .clock").first).to_contain_text("按时完成")
    with app.app_context():
        assert escalate_overdue_steps(utcnow() + timedelta(days=1)) == []
    phone.close()
