"""A helper who left (their own choice, or a coordinator ended their service) no longer opens a child's duties
pages: access asks for an active volunteer and a current relation (an active pairing, or a duty they own), and the
duties a coordinator had given them personally are released (a gap the coordinator sees), audited (issue 30)."""
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.duties.models import DutyOwner
from portal.extensions import db
from portal.volunteers.leaving import end_service

from ..assignment.test_helpers_going import helper, paired
from .conftest import duties_of, owner, someone


def _helper_of_a_child(county, grids):
    vol = county["users"]["vol"]
    v = helper(county, check="passed", user=vol)
    kid = someone(grids["g1"], category="orphan", name="张甲", services=["children.caring_pairing"])
    paired(v, kid)
    owner("helper", vol, person=kid, duty="children.door")
    return v, kid


def _pages(client, kid) -> list[int]:
    return [client.get(f"/duties/person/{kid.id}").status_code, client.get(f"/duties/contact/{kid.id}").status_code,
            client.post(f"/duties/contact/{kid.id}", data={"who": "奶奶", "how": "phone"}).status_code]


def _on_my_day(client, kid) -> bool:
    day = client.get("/duties/mine.json").get_json()
    return any(i["person_id"] == kid.id for k in ("overdue", "due_today", "this_week") for i in day[k])


def test_a_helper_who_left_no_longer_opens_the_childs_duties_pages(client, login, county, grids):
    v, kid = _helper_of_a_child(county, grids)
    login("vol")
    assert _pages(client, kid)[:2] == [200, 200]
    assert client.post("/me/status/left", data={"reason": "外出打工"}).status_code == 302
    assert _pages(client, kid) == [404, 404, 404]
    assert not _on_my_day(client, kid)
    assert client.get(f"/g/children/people/{kid.id}").status_code in (403, 404)
    # The duty the coordinator had given them is released, audited, and falls back to the place's owner.
    assert db.session.execute(select(DutyOwner).where(DutyOwner.beneficiary_id == kid.id)).first() is None
    assert db.session.execute(select(AuditEntry).where(AuditEntry.entity == "duty_owner",
                                                       AuditEntry.action == "release")).scalar_one()
    assert duties_of(kid)["children.door"].owner_id != county["users"]["vol"].id


def test_a_helper_ended_by_a_coordinator_loses_access_even_to_a_duty_row_left_behind(client, login, county, grids):
    v, kid = _helper_of_a_child(county, grids)
    end_service(county["users"]["east"], v, "未履职")
    db.session.commit()
    # Even if a kept duty row still named them (a refresh not yet run), the status of the helper decides.
    owner("helper", county["users"]["vol"], person=kid, duty="children.door")
    login("vol")
    assert _pages(client, kid) == [404, 404, 404]
    assert not _on_my_day(client, kid)
