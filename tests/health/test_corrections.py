"""Correcting a health reading (issue 29, "correcting readings"): the values as they should have been are checked as
any reading, the original is kept and marked corrected, both changes audited; the flag and the flagged list follow
the correction; only staff, coordinators or whoever recorded it may correct, and only once."""
from datetime import date

from sqlalchemy import func, select

from portal.assignment.models import Pairing
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db
from portal.health.models import Reading

from ..factories import add_person, add_volunteer


def _elder(county):
    return add_person("elderly", county["v_east"], name="王奶奶", birth=date(1948, 4, 2))


def _bp(client, person, systolic, diastolic):
    return client.post(f"/health/person/{person.id}/reading",
                       data={"kind": "bp", "systolic": systolic, "diastolic": diastolic,
                             "taken_on": local_today().isoformat(), "taken_by": "村医"})


def test_a_reading_typed_wrong_is_corrected_and_the_original_kept(client, login, county):
    person = _elder(county)
    login("elders")
    _bp(client, person, 185, 80)                       # 185 typed for 135: flagged
    original = db.session.execute(select(Reading)).scalar_one()
    assert original.flagged and "王奶奶" in client.get("/health/flagged").get_data(as_text=True)
    response = client.post(f"/health/reading/{original.id}/correct",
                           data={"systolic": "135", "diastolic": "80", "taken_on": local_today().isoformat(),
                                 "correction_reason": "录入错误，应为 135"})
    assert response.status_code == 302
    rows = db.session.execute(select(Reading).order_by(Reading.id)).scalars().all()
    assert [(r.systolic, r.superseded, r.flagged, r.corrects_id) for r in rows] == [
        (185, True, True, None), (135, False, False, original.id)]
    assert rows[1].correction_reason == "录入错误，应为 135" and rows[1].taken_by == "村医"
    audit = db.session.execute(select(AuditEntry.action, AuditEntry.entity_id).where(
        AuditEntry.entity == "health_reading").order_by(AuditEntry.id)).all()
    assert [tuple(a) for a in audit] == [("create", original.id), ("update", original.id), ("create", rows[1].id)]
    assert "王奶奶" not in client.get("/health/flagged").get_data(as_text=True)      # the flag follows the correction
    page = client.get(f"/health/person/{person.id}").get_data(as_text=True)
    assert "已更正" in page and "<s>185/80 mmHg</s>" in page and "录入错误，应为 135" in page
    again = client.post(f"/health/reading/{original.id}/correct",
                        data={"systolic": "130", "diastolic": "80", "taken_on": local_today().isoformat(),
                              "correction_reason": "再改"})
    assert again.status_code == 403                     # a corrected reading is no longer in force
    assert db.session.execute(select(func.count()).select_from(Reading)).scalar_one() == 2


def test_a_correction_is_checked_as_a_reading_and_names_the_field(client, login, county):
    person = _elder(county)
    login("elders")
    _bp(client, person, 120, 80)
    original = db.session.execute(select(Reading)).scalar_one()
    url = f"/health/reading/{original.id}/correct"
    response = client.post(url, data={"systolic": "400", "diastolic": "80", "taken_on": local_today().isoformat(),
                                      "correction_reason": "x"})
    assert response.status_code == 400 and "收缩压（mmHg）：400 不是可能的数值" in response.get_data(as_text=True)
    response = client.post(url, data={"systolic": "125", "diastolic": "80", "taken_on": local_today().isoformat()})
    assert response.status_code == 400 and "更正原因：请说明更正原因。" in response.get_data(as_text=True)
    assert db.session.get(Reading, original.id).superseded is False
    assert db.session.execute(select(func.count()).select_from(Reading)).scalar_one() == 1


def test_a_helper_corrects_only_what_they_recorded(client, login, county):
    person = _elder(county)
    helper = add_volunteer(county, "李阿姨", user=county["users"]["vol"], services=("elderly.daily_care",))
    db.session.add(Pairing(service="elderly.daily_care", beneficiary_id=person.id, volunteer_id=helper.id,
                           unit=f"b{person.id}", status="active", response="accepted", started_on=local_today()))
    db.session.commit()
    login("elders")
    _bp(client, person, 120, 80)
    staff_reading = db.session.execute(select(Reading)).scalar_one()
    login("vol")
    _bp(client, person, 150, 70)
    own = db.session.execute(select(Reading).where(Reading.id != staff_reading.id)).scalar_one()
    data = {"systolic": "130", "diastolic": "80", "taken_on": local_today().isoformat(), "correction_reason": "看错"}
    assert client.post(f"/health/reading/{staff_reading.id}/correct", data=data).status_code == 403
    assert client.post(f"/health/reading/{own.id}/correct", data=data).status_code == 302
    login("kids")                                                      # staff of another group: not their person
    assert client.post(f"/health/reading/{staff_reading.id}/correct", data=data).status_code == 404
