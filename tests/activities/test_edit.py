"""An activity can be edited while it is open; it is for any service of the group or a general kind (issue 27)."""
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


def test_every_service_of_the_group_and_the_general_kinds_are_offered(client, county, login):
    login("kids")
    page = client.get("/g/children/activities/new").get_data(as_text=True)
    for key in ("children.family_call", "children.tutoring", "children.caring_pairing",
                "children.general:safety_talk", "children.general:training", "children.general:childrens_day"):
        assert f'value="{key}"' in page, key
    assert "六一儿童节活动" in page and "安全与法治教育讲座" in page
    assert 'value="women.' not in page  # only the staff's own group
    client.post("/g/children/activities/new", data=_form(county, service="children.general:childrens_day",
                                                          title="六一游园会"))
    made = db.session.execute(select(Activity)).scalar_one()
    assert (made.service, made.group) == ("children.general:childrens_day", "children")
    listing = client.get("/g/children/activities").get_data(as_text=True)
    assert "六一儿童节活动" in listing and "general:" not in listing  # words, never the code
    client.post("/g/children/activities/new", data=_form(county, service="women.skills_training"))
    assert len(db.session.execute(select(Activity)).all()) == 1  # not a choice of this group


def test_a_general_activity_with_children_asks_for_a_background_check(app, county):
    from portal.activities.signups import SignUpRefused, requires_background_check, sign_up
    activity = add_activity(county, service="children.general:safety_talk")
    assert requires_background_check(activity)
    unchecked = add_volunteer(county, "未审查", checked=False)
    with pytest.raises(SignUpRefused):
        sign_up(None, activity, unchecked)


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
