"""Issue 15 in a browser at phone width: on the demo county a volunteer sees whom to visit, logs a visit with a
photo and a follow-up, and the coordinator's overdue list and the person's next due date change accordingly."""
from datetime import timedelta

import pytest
from PIL import Image
from playwright.sync_api import expect

from portal.core.time import local_today
from portal.demo import DEMO_PASSWORD, build_demo_county
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.visits.due import overdue

from .conftest import fits, served, sign_in

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("visits") / "portal.sqlite", lambda: build_demo_county(2026)) as portal:
        portal[1].config["GUANAI_UPLOAD_DIR"] = str(tmp_path_factory.mktemp("uploads"))
        yield portal


def high_risk_child(app):
    with app.app_context():
        from portal.visits.models import RiskLevel
        child = db.session.execute(db.select(Beneficiary).join(RiskLevel, RiskLevel.beneficiary_id == Beneficiary.id)
                                   .where(RiskLevel.level == "high")).scalar_one()
        late = [r.rule.code for r in overdue(Beneficiary.id == child.id)]
        return child.id, child.name, late


def test_a_volunteer_logs_a_visit_on_a_phone(server, browser, tmp_path):
    base, app = server
    child_id, name, late = high_risk_child(app)
    assert "risk" in late  # the demo's high-risk child was last seen nine days ago
    photo = tmp_path / "visit.png"
    Image.new("RGB", (64, 48), "orange").save(photo)
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, base, "volunteer", DEMO_PASSWORD)
    page.goto(f"{base}/me/")
    todo = page.locator("#visits-due li", has_text=name).first
    expect(todo).to_contain_text("逾期")
    todo.locator("a:has-text('记录走访')").click()
    expect(page.locator("h1")).to_have_text("记录走访")
    assert fits(page, PHONE["width"])  # one column, no sideways scroll
    assert page.locator("#spoke_to").bounding_box()["height"] >= 44  # large targets
    page.fill("#spoke_to", "邻居李阿姨")
    page.select_option("#relation", "neighbour")
    page.fill("#finding_mood", "孩子情绪稳定，想念妈妈")
    page.fill("#follow_up_what", "联系学校班主任")
    page.fill("#follow_up_due", (local_today() + timedelta(days=3)).isoformat())
    page.set_input_files("#photos", str(photo))
    page.click("button:has-text('保存走访记录')")
    expect(page.locator(".flash.success")).to_contain_text(f"已记录对 {name} 的走访")
    expect(page.locator("#follow-ups")).to_contain_text("联系学校班主任")
    expect(page.locator("#visit-history")).to_contain_text("1 张照片")
    next_due = (local_today() + timedelta(days=7)).isoformat()
    expect(page.locator("#next-due li", has_text="按风险等级走访")).to_contain_text(next_due)
    page.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
    page.locator("#visit-history a").first.click()
    image = page.locator(".photos img").first
    expect(image).to_be_visible()
    assert page.evaluate("document.querySelector('.photos img').naturalWidth") == 64
    # the coordinator's overdue list no longer holds the child's visit by risk level
    coordinator = browser.new_context(viewport=PHONE).new_page()
    sign_in(coordinator, base, "coordinator", DEMO_PASSWORD)
    coordinator.goto(f"{base}/visits/overdue?risk=high")
    expect(coordinator.locator("#overdue")).to_contain_text("没有逾期走访")
    assert "risk" not in high_risk_child(app)[2]
