"""The demo county: realistic size, and each demo account sees what its role allows."""
import pytest
from sqlalchemy import func, select

from portal.demo import DEMO_PASSWORD, build_demo_county
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.places.models import Place
from portal.volunteers.models import Volunteer

from .conftest import empty_database, make_app


@pytest.fixture(scope="module")
def demo(migrated):
    """The demo county, built once for the module's read-only tests (building it is the slow part)."""
    app = make_app(migrated)
    with app.app_context():
        made = build_demo_county(seed=7)
        db.session.remove()
    yield {"app": app, **made}
    with app.app_context():
        empty_database()


@pytest.fixture(autouse=True)
def client(demo):
    """Each test in an app context of its own, so that no signed-in user is left in `g` for the next."""
    with demo["app"].app_context():
        yield demo["app"].test_client()
        db.session.remove()


def test_demo_county_has_the_promised_size(demo):
    # 600 left behind (300 children, 100 women, 200 elderly) and 40 in extreme hardship (plugins/hardship, 002)
    assert demo["beneficiaries"] == 640 and demo["volunteers"] == 150
    townships = db.session.execute(select(func.count()).where(Place.level == "township")).scalar_one()
    villages = db.session.execute(select(func.count()).where(Place.level == "village")).scalar_one()
    assert townships == 3 and villages == 20
    groups = dict(db.session.execute(select(Beneficiary.group, func.count()).group_by(Beneficiary.group)).all())
    assert groups == {"children": 300, "women": 100, "elderly": 200, "hardship": 40}
    checked = db.session.execute(select(func.count()).where(Volunteer.background_check == "passed")).scalar_one()
    assert 100 < checked < 150


@pytest.mark.parametrize("username, allowed, refused", [
    ("admin", ["/admin/users", "/g/children/", "/g/elderly/"], []),
    ("coordinator", ["/g/children/", "/g/women/", "/g/elderly/", "/volunteers/"], ["/admin/users"]),
    ("township", ["/g/children/"], ["/admin/users"]),
    ("children-staff", ["/g/children/"], ["/g/women/", "/g/elderly/"]),
    ("women-staff", ["/g/women/"], ["/g/children/"]),
    ("elderly-staff", ["/g/elderly/"], ["/g/children/"]),
    ("volunteer", ["/me/", "/me/pairings", "/activities/"], ["/g/children/", "/volunteers/", "/admin/users", "/runs/"]),
])
def test_demo_accounts(client, demo, username, allowed, refused):
    assert client.post("/login", data={"username": username, "password": DEMO_PASSWORD}).status_code == 302
    for url in allowed:
        assert client.get(url).status_code == 200, url
    for url in refused:
        assert client.get(url).status_code == 403, url


def test_township_account_sees_only_its_township(client, demo):
    client.post("/login", data={"username": "township", "password": DEMO_PASSWORD})
    page = client.get("/g/children/").get_data(as_text=True)
    county_total = db.session.execute(select(func.count()).where(Beneficiary.group == "children")).scalar_one()
    assert f"共 {county_total} 人" not in page


def test_the_demo_countys_duties_are_owned_kept_and_partly_overdue(demo):
    """Issue 28 on the demo county: every active person has a duty, and an owned one unless they live where the demo
    leaves a gap on purpose (a village without an area cadre, a grid without a worker), and then the gaps list that
    place; elders carry several traits (written by
    the elders' plugin's demo hook); class teachers own the class talks (their classes from the rule's unit());
    a year of history from the rules leaves some duties overdue and some families silent; a knock round found
    something; ``guanai duties list --overdue`` and the coordinator's total agree."""
    from portal.core.time import local_today
    from portal.duties.cli import SYSTEM, list_command
    from portal.duties.lists import Filters, overdue_total, round_findings, silent_families
    from portal.duties.models import DutyDue, PersonTrait
    from portal.duties.owners import gaps
    active = set(db.session.execute(select(Beneficiary.id).where(Beneficiary.status == "active")).scalars())
    with_duty = set(db.session.execute(select(DutyDue.beneficiary_id)).scalars())
    owned = set(db.session.execute(select(DutyDue.beneficiary_id).where(DutyDue.owner_id.is_not(None))).scalars())
    assert with_duty == active
    assert len(owned) >= len(active) - 10
    gap_villages = {g.village_id for g in gaps(SYSTEM)}
    for pid in active - owned:
        assert db.session.execute(select(DutyDue.village_id).where(DutyDue.beneficiary_id == pid)).scalars().first() \
            in gap_villages
    per_elder = select(PersonTrait.beneficiary_id, func.count().label("n")).group_by(PersonTrait.beneficiary_id) \
        .subquery()
    assert db.session.execute(select(func.count()).select_from(per_elder).where(per_elder.c.n >= 2)).scalar_one() > 0
    teachers = db.session.execute(select(func.count()).select_from(DutyDue).where(
        DutyDue.owner_role == "class_teacher", DutyDue.owner_id.is_not(None))).scalar_one()
    assert teachers > 0
    total = overdue_total(SYSTEM, Filters())
    assert 0 < total < db.session.execute(select(func.count()).select_from(DutyDue)).scalar_one()
    assert silent_families(SYSTEM)
    assert round_findings(SYSTEM, days=90)
    out = demo["app"].test_cli_runner().invoke(list_command, ["--overdue", "--csv"]).output.splitlines()
    assert len(out) - 1 == total
    assert db.session.execute(select(func.count()).select_from(DutyDue)
                              .where(DutyDue.due_on < local_today())).scalar_one() == total


def test_the_coordinator_sees_a_childs_study_plan_with_its_progress_and_the_guardianship_gaps(client, demo):
    """Issue 29's "done when": on the demo county a coordinator opens a child's study plan and its progress
    (portal/study's demo hook), the plans missing, and the guardianship lists (portal/guardianship's)."""
    from portal.guardianship.models import GuardianshipLetter, GuardianTraining
    from portal.study.models import ProgressEntry, StudyPlan
    entry = db.session.execute(select(ProgressEntry).order_by(ProgressEntry.id).limit(1)).scalar_one()
    plan = db.session.get(StudyPlan, entry.plan_id)
    assert db.session.execute(select(func.count()).select_from(StudyPlan)).scalar_one() >= 15
    assert client.post("/login", data={"username": "coordinator", "password": DEMO_PASSWORD}).status_code == 302
    archive = client.get(f"/study/person/{plan.beneficiary_id}").get_data(as_text=True)
    assert plan.content in archive and f"{entry.mark:g}/100" in archive
    assert client.get(f"/study/pairing/{plan.pairing_id}").status_code == 200
    assert client.get("/study/missing").status_code == 200
    letters = db.session.execute(select(func.count()).select_from(GuardianshipLetter)).scalar_one()
    children = db.session.execute(select(func.count()).where(Beneficiary.group == "children")).scalar_one()
    assert 0.5 * children < letters < 0.9 * children
    assert db.session.execute(select(func.count()).select_from(GuardianTraining)).scalar_one() > 0
    page = client.get("/guardianship/missing")
    assert page.status_code == 200 and "监护缺项名单" in page.get_data(as_text=True)
    person = db.session.execute(select(GuardianshipLetter.beneficiary_id).limit(1)).scalar_one()
    assert "监护责任书" in client.get(f"/guardianship/person/{person}").get_data(as_text=True)
