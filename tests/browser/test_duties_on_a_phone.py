"""Issue 28 in a browser at phone width: on the demo county a village's area cadre opens their day, logs the door
visit of someone overdue through the visit form and sees it leave the overdue list; a grid worker does the
day's knock round in one tap."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from portal.core.time import local_today
from portal.demo import DEMO_PASSWORD, build_demo_county
from portal.extensions import db

from .conftest import fits, served, sign_in

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("duties") / "portal.sqlite", lambda: build_demo_county(2026)) as portal:
        yield portal


def busiest(app, prefix):
    """The owner (user name) of the most overdue door visits, and one of those people's names."""
    with app.app_context():
        return db.session.execute(text(
            "SELECT u.username, min(b.name) FROM duty_due d JOIN users u ON u.id = d.owner_id "
            "JOIN beneficiaries b ON b.id = d.beneficiary_id WHERE u.username LIKE :p AND d.due_on < :today "
            "AND d.duty LIKE '%.door' GROUP BY u.username ORDER BY count(*) DESC, u.username LIMIT 1"),
            {"p": prefix + "%", "today": local_today()}).one()


def test_an_owners_day_on_a_phone(server, browser):
    base, app = server
    cadre, _ = busiest(app, "cadre-")
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, base, cadre, DEMO_PASSWORD)
    page.goto(f"{base}/duties/mine")
    expect(page.locator("h1")).to_have_text("我的职责")
    assert fits(page, PHONE["width"])   # no sideways scroll
    # the busiest cadre's overdue section shows its first rows; the whole section is a tap away, a page at a time
    page.locator("#overdue a:has-text('查看全部')").click()
    expect(page.locator("h1")).to_contain_text("逾期")
    assert fits(page, PHONE["width"])
    item = page.locator("#overdue li.duty").filter(has_text="一登门").first
    expect(item).to_contain_text("逾期")
    name = item.locator("b").first.inner_text()
    item.locator("a:has-text('登记走访')").click()
    assert "一登门" in page.locator("#target option:checked").inner_text()
    page.fill("#spoke_to", "本人")
    page.select_option("#relation", "self")
    page.click("button:has-text('保存走访记录')")
    expect(page.locator(".flash.success")).to_contain_text(name)
    page.goto(f"{base}/duties/mine/overdue")
    expect(page.locator("#overdue li.duty", has_text=name).filter(has_text="一登门")).to_have_count(0)
    day = page.request.get(f"{base}/duties/mine.json").json()
    assert not [i for i in day["overdue"] if i["name"] == name and i["duty"].endswith(".door")]

    worker = browser.new_context(viewport=PHONE).new_page()
    with app.app_context():
        grid_user = db.session.execute(text(
            "SELECT u.username FROM duty_due d JOIN users u ON u.id = d.owner_id WHERE d.action = 'knock' "
            "ORDER BY u.username LIMIT 1")).scalar()
    sign_in(worker, base, grid_user, DEMO_PASSWORD)
    worker.goto(f"{base}/duties/mine")
    round_ = worker.locator("#rounds li.duty").first
    round_.locator("button:has-text('巡查完成')").click()
    expect(worker.locator(".flash.success")).to_contain_text("敲门巡查已记录")
    expect(worker.locator("#rounds li.duty").first).to_contain_text("今日已完成")
