"""Issue 29 in a browser at phone width (study plans, seeds 000 line 17 and 001 lines 20 and 74: "制定学习帮扶计划，明确帮扶
时间、内容和阶段性效果 ... 建立进步档案"): on the demo county a helper paired with a child for tutoring opens the pairing's
study plan from their pairings, a plan with no content is refused naming the field with nothing saved, the plan is
written, a mark above the full mark is refused naming the field, a progress entry is saved, and the child's staff
see it in the printable progress archive."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.assignment.models import Pairing
from portal.auth.models import User
from portal.core.time import local_today
from portal.demo import DEMO_PASSWORD, build_demo_county
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.study.models import ProgressEntry, StudyPlan
from portal.volunteers.models import Volunteer

from .conftest import fits, served, sign_in

PHONE = {"width": 390, "height": 844}


def _demo_with_a_child_tutored():
    build_demo_county(2026)
    user = db.session.execute(select(User).where(User.username == "volunteer")).scalar_one()
    helper = db.session.execute(select(Volunteer).where(Volunteer.user_id == user.id)).scalar_one()
    paired = select(Pairing.beneficiary_id).where(Pairing.status == "active")
    child = db.session.execute(select(Beneficiary).where(Beneficiary.group == "children", Beneficiary.status == "active",
                                                         Beneficiary.id.not_in(paired))
                               .order_by(Beneficiary.id)).scalars().first()
    db.session.add(Pairing(service="children.tutoring", role="teacher", beneficiary_id=child.id, volunteer_id=helper.id,
                           unit=f"b{child.id}", status="active", response="accepted", started_on=local_today()))
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("study") / "portal.sqlite", _demo_with_a_child_tutored) as portal:
        yield portal


def _count(app, model, pairing_id):
    with app.app_context():
        if model is StudyPlan:
            return db.session.execute(select(func.count()).select_from(StudyPlan)
                                      .where(StudyPlan.pairing_id == pairing_id)).scalar_one()
        return db.session.execute(select(func.count()).select_from(ProgressEntry).join(StudyPlan)
                                  .where(StudyPlan.pairing_id == pairing_id)).scalar_one()


def test_a_helper_writes_a_study_plan_and_a_progress_entry_on_a_phone(server, browser, tmp_path):
    base, app = server
    with app.app_context():
        pairing_id, child_id, name = db.session.execute(
            select(Pairing.id, Pairing.beneficiary_id, Beneficiary.name).join(Beneficiary, Beneficiary.id == Pairing.beneficiary_id)
            .where(Pairing.service == "children.tutoring", Pairing.started_on == local_today(),
                   Pairing.volunteer_id.in_(select(Volunteer.id).join(User, User.id == Volunteer.user_id)
                                            .where(User.username == "volunteer")))).one()
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, base, "volunteer", DEMO_PASSWORD)
    page.goto(f"{base}/me/pairings")
    page.locator(f"a[href='/study/pairing/{pairing_id}']").first.click()
    expect(page.locator("h1")).to_contain_text("学习帮扶计划")
    expect(page.locator("#no-plan")).to_be_visible()
    assert fits(page, PHONE["width"])    # one column on a phone
    assert page.locator("#schedule").bounding_box()["height"] >= 40                   # large targets
    # A plan whose content is only spaces: refused naming the field, nothing saved, what was typed kept.
    page.fill("#subjects", "数学")
    page.fill("#schedule", "每周二、四放学后")
    page.fill("#content", "   ")
    page.fill("#expected", "期末数学 80 分以上")
    page.locator("#plan button[type=submit]").click()
    expect(page.locator("#refused")).to_contain_text("帮扶内容")
    expect(page.locator("#plan .error")).to_contain_text("此项必填")
    expect(page.locator("#schedule")).to_have_value("每周二、四放学后")
    assert _count(app, StudyPlan, pairing_id) == 0
    page.fill("#content", "订正作业错题，每周一次小测")
    page.locator("#plan button[type=submit]").click()
    expect(page.locator("#plan dl")).to_contain_text("订正作业错题")
    assert _count(app, StudyPlan, pairing_id) == 1
    # A mark above the full mark is refused naming the field; then a progress entry is saved.
    form = page.locator("#progress form")
    form.locator("#subject").fill("数学")
    form.locator("#mark").fill("120")
    form.locator("#out_of").fill("100")
    form.locator("button[type=submit]").click()
    expect(page.locator("#refused")).to_contain_text("分数")
    expect(page.locator("#progress .error")).to_contain_text("高于满分")
    assert _count(app, ProgressEntry, pairing_id) == 0
    form = page.locator("#progress form")
    form.locator("#mark").fill("86")
    form.locator("#note").fill("计算错误明显减少")
    form.locator("button[type=submit]").click()
    expect(page.locator("#entries")).to_contain_text("86/100")
    expect(page.locator("#entries")).to_contain_text("计算错误明显减少")
    assert _count(app, ProgressEntry, pairing_id) == 1
    assert fits(page, PHONE["width"])
    page.screenshot(path=str(tmp_path / "study-phone.png"), full_page=True)
    # The child's staff read it in the progress archive, at phone width too.
    staff = browser.new_context(viewport=PHONE).new_page()
    sign_in(staff, base, "children-staff", DEMO_PASSWORD)
    staff.goto(f"{base}/study/person/{child_id}")
    expect(staff.locator("main")).to_contain_text("86/100")
    expect(staff.locator("main")).to_contain_text(name)
