"""Who took part in an activity: ticked from the people it is for, recorded with the services it gives (003, 002)."""
from datetime import date, datetime, timedelta

from sqlalchemy import func, select

from portal.activities.models import Activity
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db
from portal.received.models import Participation, ServiceRecord

from ..factories import add_person


def _past_activity(county, service="elderly.health_check", group="elderly", place="east", days_ago=3):
    start = datetime.now().replace(microsecond=0) - timedelta(days=days_ago)
    a = Activity(service=service, group=group, title="免费体检", starts_at=start, ends_at=start + timedelta(hours=2),
                 place_id=county[place].id, volunteer_slots=2)
    db.session.add(a)
    db.session.commit()
    return a


def test_the_list_offers_the_groups_people_of_the_area_and_a_tick_records_the_health_check(client, login, county):
    a = _past_activity(county)
    near = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1950, 3, 1))
    far = add_person("elderly", county["v_west"], name="西村老人", birth=date(1950, 3, 1))
    child = add_person("children", county["v_east"], name="小明")
    login("elders")
    page = client.get(f"/g/elderly/activities/{a.id}/people").get_data(as_text=True)
    assert "王奶奶" in page and "西村老人" not in page and "小明" not in page
    assert "半年一次免费体检" in page  # taking part records the check (002)
    client.post(f"/g/elderly/activities/{a.id}/people", data={"person": [near.id, far.id, child.id]})
    rows = db.session.execute(select(Participation)).scalars().all()
    assert [r.beneficiary_id for r in rows] == [near.id]  # only people the activity is for
    record = db.session.execute(select(ServiceRecord)).scalar_one()
    assert (record.beneficiary_id, record.service, record.activity_id) == (near.id, "elderly.health_check", a.id)
    assert db.session.execute(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.entity == "participation")).scalar_one() == 1
    person_page = client.get(f"/g/elderly/{near.id}").get_data(as_text=True)
    assert "免费体检" in person_page[person_page.index('id="took-part"'):]
    client.post(f"/g/elderly/activities/{a.id}/people", data={})  # unticked: the record goes with it
    assert db.session.execute(select(func.count()).select_from(ServiceRecord)).scalar_one() == 0
    assert db.session.execute(select(func.count()).select_from(Participation)).scalar_one() == 0


def test_attendance_waits_for_the_activity_to_start(client, login, county):
    a = _past_activity(county, days_ago=-2)
    person = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1950, 3, 1))
    login("elders")
    client.post(f"/g/elderly/activities/{a.id}/people", data={"person": [person.id]})
    assert db.session.execute(select(func.count()).select_from(Participation)).scalar_one() == 0


def test_attendance_is_scoped_to_the_roles_that_run_the_activity(client, login, county):
    a = _past_activity(county)
    add_person("elderly", county["v_east"], name="王奶奶", birth=date(1950, 3, 1))
    for user, status in (("kids", 403), ("vol", 403), ("west", 404), ("east", 200), ("coord", 200), ("admin", 200)):
        login(user)
        assert client.get(f"/g/elderly/activities/{a.id}/people").status_code == status, user


def test_the_activity_page_links_to_who_took_part(client, login, county):
    a = _past_activity(county)
    login("elders")
    page = client.get(f"/g/elderly/activities/{a.id}").get_data(as_text=True)
    assert f"/g/elderly/activities/{a.id}/people" in page and local_today()
