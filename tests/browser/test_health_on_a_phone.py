"""Issue 29 in a browser at phone width: on the demo county a helper paired with an elder opens the elder's health
file from their pairings, records a blood pressure (a high one flags the elder), and a reading of 400 is refused
naming the field with nothing saved."""
import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from portal.assignment.models import Pairing
from portal.auth.models import User
from portal.core.time import local_today
from portal.demo import DEMO_PASSWORD, build_demo_county
from portal.extensions import db
from portal.health.models import Reading
from portal.ledger.models import Beneficiary
from portal.volunteers.models import Volunteer

from .conftest import fits, served, sign_in

PHONE = {"width": 390, "height": 844}


def _demo_with_an_elder_paired():
    build_demo_county(2026)
    user = db.session.execute(select(User).where(User.username == "volunteer")).scalar_one()
    helper = db.session.execute(select(Volunteer).where(Volunteer.user_id == user.id)).scalar_one()
    paired = select(Pairing.beneficiary_id).where(Pairing.status == "active")
    elder = db.session.execute(select(Beneficiary).where(Beneficiary.group == "elderly", Beneficiary.id.not_in(paired))
                               .order_by(Beneficiary.id)).scalars().first()
    db.session.add(Pairing(service="elderly.daily_care", beneficiary_id=elder.id, volunteer_id=helper.id,
                           unit=f"b{elder.id}", status="active", response="accepted", started_on=local_today()))
    db.session.commit()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with served(tmp_path_factory.mktemp("health") / "portal.sqlite", _demo_with_an_elder_paired) as portal:
        yield portal


def _readings(app, person_id):
    with app.app_context():
        return db.session.execute(select(func.count()).select_from(Reading)
                                  .where(Reading.beneficiary_id == person_id)).scalar_one()


def test_a_helper_records_an_elders_blood_pressure_on_a_phone(server, browser, tmp_path):
    base, app = server
    with app.app_context():
        elder_id, name = db.session.execute(select(Pairing.beneficiary_id, Beneficiary.name).join(Beneficiary)
                                            .where(Pairing.service == "elderly.daily_care",
                                                   Pairing.started_on == local_today())).one()
    before = _readings(app, elder_id)
    page = browser.new_context(viewport=PHONE).new_page()
    sign_in(page, base, "volunteer", DEMO_PASSWORD)
    page.goto(f"{base}/me/pairings")
    page.locator("section.card", has_text=name).locator("a:has-text('健康档案')").click()
    expect(page.locator("h1")).to_contain_text("健康档案")
    assert fits(page, PHONE["width"])  # one column on a phone
    assert page.locator("#systolic").bounding_box()["height"] >= 40  # large targets
    form = page.locator("#reading-bp")
    form.locator("#systolic").fill("400")
    form.locator("#diastolic").fill("90")
    form.locator("button[type=submit]").click()
    expect(page.locator("#refused")).to_contain_text("收缩压（mmHg）：400 不是可能的数值")
    assert _readings(app, elder_id) == before  # nothing half-saved
    form = page.locator("#reading-bp")
    form.locator("#systolic").fill("162")
    form.locator("#diastolic").fill("96")
    form.locator("button[type=submit]").click()
    expect(page.locator(".flash.warning[role=status]")).to_contain_text("已提醒工作人员关注")
    expect(page.locator("#flag")).to_contain_text("最近一次测量超出正常范围")
    expect(page.locator("#reading-history")).to_contain_text("162/96")
    assert _readings(app, elder_id) == before + 1
    page.screenshot(path=str(tmp_path / "health-phone.png"), full_page=True)
    # the elder is on the staff's flagged list
    staff = browser.new_context(viewport=PHONE).new_page()
    sign_in(staff, base, "elderly-staff", DEMO_PASSWORD)
    staff.goto(f"{base}/health/flagged")
    expect(staff.locator("#flagged")).to_contain_text(name)
