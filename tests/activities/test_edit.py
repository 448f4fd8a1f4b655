"""An activity can be edited while it is open; the service offered is one delivered in sessions."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.activities.models import Activity
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db

from ..factories import add_activity, add_volunteer, signed_up


def _form(county, **changes):
    day = (local_today() + timedelta(days=20)).isoformat()
    data = {"title": "亲情电话日", "service": "children.family_call", "starts_at": f"{day}T09:00",
            "ends_at": f"{day}T11:00", "place_id": county["v_east"].id, "volunteer_slots": "3"}
    data.update(changes)
    return data


def test_only_session_services_are_offered(client, county, login):
    login("kids")
    page = client.get("/g/children/activities/new").get_data(as_text=True)
    assert 'value="children.family_call"' in page and 'value="children.tutoring"' not in page
    client.post("/g/children/activities/new", data=_form(county, service="children.tutoring"))
    assert db.session.execute(select(Activity)).first() is None


@pytest.mark.clock
def test_an_open_activity_is_edited_and_audited(client, county, login):
    a = add_activity(county, slots=3)
    signed_up(a, add_volunteer(county, "一"))
    signed_up(a, add_volunteer(county, "二"))
    login("kids")
    assert "亲情电话日" in client.get(f"/g/children/activities/{a.id}/edit").get_data(as_text=True)
    page = client.post(f"/g/children/activities/{a.id}/edit", data=_form(county, volunteer_slots="1"))
    assert page.status_code == 200  # two are confirmed already
    r = client.post(f"/g/children/activities/{a.id}/edit", data=_form(county, title="改期的亲情电话日"))
    assert r.status_code == 302
    db.session.expire_all()
    assert db.session.get(Activity, a.id).title == "改期的亲情电话日"
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "activity")).scalar_one()
    assert entry.action == "update" and entry.before["title"] == "亲情电话日"
    login("elders")
    assert client.get(f"/g/children/activities/{a.id}/edit").status_code == 403
