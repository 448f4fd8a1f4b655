"""The volunteer journey in a real browser (Debian's Chromium driven by Playwright) against a served portal.

Register, get approved by a coordinator, sign up for a tutoring session and a daily-care round, wait on the
list for the full one, move up when someone cancels, log hours, and see it all on one's page.
"""
from datetime import date, datetime, time, timedelta

import pytest
from playwright.sync_api import expect

from portal.activities.models import Activity, SignUp
from portal.auth.models import User
from portal.core.time import from_local, local_today
from portal.extensions import db
from portal.volunteers.models import Volunteer, VolunteerService

from ..factories import make_place
from .conftest import served, sign_in


def fill_county():
    county = make_place("C", "示范县", "county", None, 27.25, 111.8)
    town = make_place("T", "东乡", "township", county, 27.3, 111.8)
    make_place("V", "东村", "village", town, 27.31, 111.81)
    coordinator = User(username="coord", display_name="协调员", role="coordinator", place_id=county.id)
    coordinator.set_password("coordinator-pass")
    early = User(username="early", display_name="早到的", role="volunteer")
    early.set_password("early-bird-pass")
    db.session.add_all([coordinator, early])
    db.session.flush()
    first = Volunteer(name="早到的", gender="M", phone="13700000000", place_id=town.id, status="active",
                      background_check="passed", user_id=early.id)
    first.services.append(VolunteerService(service="elderly.daily_care", capacity=1))
    db.session.add(first)
    start = from_local(datetime.combine(local_today() + timedelta(days=5), time(9)))  # 9:00 local, stored in UTC
    tutoring = Activity(service="children.tutoring", group="children", title="周末作业辅导", starts_at=start,
                        ends_at=start + timedelta(hours=2), place_id=town.id, volunteer_slots=3)
    care = Activity(service="elderly.daily_care", group="elderly", title="上门照料", starts_at=start + timedelta(days=1),
                    ends_at=start + timedelta(days=1, hours=2), place_id=town.id, volunteer_slots=1, confirmed=1)
    db.session.add_all([tutoring, care])
    db.session.flush()
    db.session.add(SignUp(activity_id=care.id, volunteer_id=first.id, status="confirmed"))
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("browser") / "portal.sqlite", fill_county) as served_portal:
        yield served_portal


def sign_out(page):
    page.click("header button:has-text('退出')")
    # The offline feature's script signs out after its own checks: wait for the signed-out page before going on
    # (a goto racing that navigation was aborted).
    expect(page.locator("header button:has-text('退出')")).to_have_count(0)


def test_volunteer_journey(server, browser):
    base, app = server
    page = browser.new_page()
    # 1. register
    page.goto(f"{base}/login")
    page.click("text=成为志愿者")
    page.fill("#name", "林小雨")
    page.fill("#phone", "13912345678")
    page.select_option("#gender", "F")
    page.select_option("#kind", "youth")
    page.check("input[name=skills][value=math]")
    page.check("input[name=skills][value=reading]")
    page.fill("[name='svc-children.tutoring']", "2")
    page.fill("[name='svc-elderly.daily_care']", "1")
    page.fill("#username", "xiaoyu")
    page.fill("#password", "spring-rain-42")
    page.fill("#confirm", "xiaoyu-pass-2")
    page.check("#pledge")
    page.click("main button[type=submit]")
    expect(page.locator("text=两次输入的密码不一致")).to_be_visible()  # the error stands beside the field
    page.fill("#password", "spring-rain-42")
    page.fill("#confirm", "spring-rain-42")
    page.click("main button[type=submit]")
    expect(page.locator("text=您的报名正在等待协调员审核")).to_be_visible()
    sign_out(page)
    # 2. the coordinator approves, recording the background check
    sign_in(page, base, "coord", "coordinator-pass")
    page.click("nav >> text=志愿者")
    page.click("text=林小雨")
    page.select_option("#decision", "approve")
    page.select_option("#background_check", "passed")
    page.fill("#checked_on", local_today().isoformat())
    page.click("main form button.primary")
    expect(page.locator("text=林小雨 已审核通过")).to_be_visible()
    sign_out(page)
    # 3. the volunteer signs up: a tutoring session (a place) and a daily-care round (full: waiting list)
    sign_in(page, base, "xiaoyu", "spring-rain-42")
    page.click("nav >> text=活动")
    page.locator(".activity", has_text="周末作业辅导").locator("button:has-text('报名')").click()
    expect(page.locator("text=报名成功")).to_be_visible()
    page.locator(".activity", has_text="上门照料").locator("button:has-text('加入候补名单')").click()
    expect(page.locator("text=您在候补名单第 1 位")).to_be_visible()
    page.click("nav >> text=我的主页")
    expect(page.locator("#my-activities")).to_contain_text("周末作业辅导")
    expect(page.locator("#my-activities")).to_contain_text("候补第 1 位")
    # 4. the volunteer who held the care round cancels, in another browser; ours moves up
    other = browser.new_context().new_page()
    sign_in(other, base, "early", "early-bird-pass")
    other.click("nav >> text=我的主页")
    other.locator("#my-activities li", has_text="上门照料").locator("button:has-text('取消')").click()
    expect(other.locator("text=已取消报名")).to_be_visible()
    page.reload()
    expect(page.locator("#my-activities li", has_text="上门照料")).to_contain_text("已确认")
    # 5. no hours for activities still ahead: they are not offered, and nothing is counted
    expect(page.locator("#target option", has_text="周末作业辅导")).to_have_count(0)
    expect(page.locator("#hours-quarter")).to_have_text("0")


def test_coordinator_runs_locks_reruns_commits_and_volunteer_accepts(server, browser):
    """Issue 5 in a browser: the run is solved in the background while the page shows progress."""
    base, app = server
    with app.app_context():
        from portal.ledger.models import Beneficiary, Household
        from portal.places.models import Place
        village = db.session.execute(db.select(Place).filter_by(code="V")).scalar_one()
        home = Household(place_id=village.id, head_name="王奶奶", lat=27.311, lon=111.811)
        db.session.add(home)
        db.session.flush()
        for name, gender in (("王小红", "F"), ("王小明", "M")):
            db.session.add(Beneficiary(group="children", name=name, gender=gender, birth_date=date(2015, 3, 1),
                                       place_id=village.id, household_id=home.id, category="left_behind",
                                       services=["children.caring_pairing"], needs=["homework"]))
        db.session.add(Beneficiary(group="children", name="李孤儿", gender="M", birth_date=date(2016, 3, 1),
                                   place_id=village.id, category="orphan", services=["children.caring_pairing"]))
        mother_user = User(username="mama", display_name="爱心妈妈", role="volunteer")
        mother_user.set_password("caring-mama-1")
        db.session.add(mother_user)
        db.session.flush()
        for name, gender, user in (("张妈妈", "F", mother_user), ("刘叔叔", "M", None)):
            v = Volunteer(name=name, gender=gender, phone="13600000000", kind="caring_mother", place_id=village.id,
                          lat=27.312, lon=111.812, travel_km=5, skills=["homework"], status="active",
                          background_check="passed", user_id=user.id if user else None)
            v.services.append(VolunteerService(service="children.caring_pairing", capacity=1))
            db.session.add(v)
        db.session.commit()
    page = browser.new_page()
    sign_in(page, base, "coord", "coordinator-pass")
    page.click("nav >> text=自动匹配")
    page.select_option("#service", "children.caring_pairing")
    page.click("main form button.primary")
    expect(page.locator("text=提交这些结对")).to_be_visible(timeout=20000)  # reloaded by the progress poller
    # the summary first, then the pairings village by village
    page.locator("table.list a").first.click()
    rows = page.locator("table.list").first
    expect(rows).to_contain_text("王小红")
    # the girl (8+) and her brother go to the woman together; the orphan goes to the man: lock that pair
    rows.locator("tr", has_text="李孤儿").locator("select").select_option("lock")  # several at once, then one run
    page.click("#adjust-form button[type=submit]")
    expect(page.locator("text=在第 1 次匹配基础上调整锁定或禁止后重新运行")).to_be_visible(timeout=20000)
    expect(page.locator("text=提交这些结对")).to_be_visible(timeout=20000)
    page.locator("table.list a").first.click()
    expect(page.locator("table.list").first.locator("tr", has_text="李孤儿")).to_contain_text("已锁定")
    page.click("text=返回概要和村列表")
    page.click("text=提交这些结对")  # a worker writes the pairings; the page follows until they are written
    expect(page.locator("[data-run-status=committed]")).to_be_visible(timeout=20000)
    sign_out(page)
    sign_in(page, base, "mama", "caring-mama-1")
    page.click("nav >> text=我的结对")
    expect(page.locator("main")).to_contain_text("王小红")
    expect(page.locator("main")).not_to_contain_text("李孤儿")
    page.locator("section", has_text="王小红").locator("button:has-text('接受')").click()
    expect(page.locator("text=谢谢，已接受")).to_be_visible()
