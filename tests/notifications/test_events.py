"""Each event tells the right people once: new pairings, a decline (the area's coordinators), a cancelled activity."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.activities.models import Activity
from portal.assignment.models import Pairing
from portal.auth.models import User
from portal.core.time import local_today
from portal.extensions import db
from portal.notifications.models import Notification

from ..assignment.test_runs import committed, run_and_solve, scene  # noqa: F401  (scene is a fixture)
from ..volunteers.test_volunteering import activity, signed_up, volunteer


def told(kind=None):
    stmt = select(Notification).order_by(Notification.id)
    if kind:
        stmt = stmt.where(Notification.kind == kind)
    return [(n.user.username, n.kind) for n in db.session.execute(stmt).scalars()]


def test_a_decline_reaches_the_bell_of_the_coordinators_of_that_area_only(client, app, scene, login):  # noqa: F811
    county = scene["county"]
    scene["ann"].user_id = county["users"]["vol"].id
    db.session.commit()
    committed(run_and_solve(app, county), county["users"]["east"])
    assert told() == [("vol", "pairing_created")]  # one notice for the two people of the household
    note = db.session.execute(select(Notification)).scalar_one()
    assert note.params["n"] == 2 and {"小芳", "小军"} <= set(note.params["people"].split("、"))
    login("vol")
    mine = db.session.execute(select(Notification.id)).scalar_one()
    assert 'id="bell"' in (page := client.get("/me/").get_data(as_text=True)) and '<span class="count">1</span>' in page
    opened = client.post(f"/notifications/{mine}")
    assert opened.location == "/me/pairings"
    assert '<span class="count">' not in client.get("/me/").get_data(as_text=True)
    pairing_id = db.session.execute(select(Pairing.id).where(Pairing.volunteer_id == scene["ann"].id)).scalars().first()
    client.post(f"/me/pairings/{pairing_id}/answer", data={"answer": "decline", "note": "家里有事"})
    assert sorted(told("pairing_declined")) == [("coord", "pairing_declined"), ("east", "pairing_declined")]
    login("east")
    page = client.get("/").get_data(as_text=True)
    assert '<span class="count">1</span>' in page
    listing = client.get("/notifications/").get_data(as_text=True)
    assert "安姐 谢绝了与" in listing and "家里有事" in listing
    login("west")
    assert '<span class="count">' not in client.get("/").get_data(as_text=True)
    assert "谢绝" not in client.get("/notifications/").get_data(as_text=True)
    login("east")
    client.post("/notifications/read")
    assert '<span class="count">' not in client.get("/").get_data(as_text=True)


def test_a_cancelled_activity_tells_everyone_signed_up_once(client, app, county, login):
    users = county["users"]
    other = User(username="vol2", display_name="vol2", role="volunteer")
    other.set_password("x" * 12)
    db.session.add(other)
    db.session.commit()
    a = activity(county, slots=1)
    signed_up(a, volunteer(county, "甲", user=users["vol"]))
    signed_up(a, volunteer(county, "乙", user=other))  # on the waiting list: told too
    signed_up(a, volunteer(county, "丙"))  # no account: nobody to tell
    login("kids")
    client.post(f"/g/children/activities/{a.id}/cancel", data={"reason": "下雨"})
    assert db.session.get(Activity, a.id).status == "cancelled"
    assert told() == [("vol", "activity_cancelled"), ("vol2", "activity_cancelled")]
    client.post(f"/g/children/activities/{a.id}/cancel")
    assert len(told()) == 2
    login("vol")
    assert "亲情电话日" in client.get("/notifications/").get_data(as_text=True)


@pytest.mark.clock
def test_a_changed_activity_tells_those_signed_up_each_time_it_changes(client, app, county, login):
    a = activity(county, slots=2)
    signed_up(a, volunteer(county, "甲", user=county["users"]["vol"]))
    login("kids")
    form = client.get(f"/g/children/activities/{a.id}/edit").get_data(as_text=True)
    assert "亲情电话日" in form
    day = (local_today() + timedelta(days=30)).isoformat()
    data = {"title": "亲情电话日（改到村委会）", "service": a.service, "place_id": county["v_east"].id,
            "starts_at": f"{day}T09:00", "ends_at": f"{day}T11:00", "volunteer_slots": "2",
            "beneficiary_slots": "5", "location": "村委会", "description": ""}
    client.post(f"/g/children/activities/{a.id}/edit", data=data)
    assert told() == [("vol", "activity_changed")]
    client.post(f"/g/children/activities/{a.id}/edit", data=data)  # nothing changed: nobody is told
    assert told() == [("vol", "activity_changed")]
    assert client.post(f"/g/children/activities/{a.id}/edit", data={**data, "volunteer_slots": "0"}).status_code == 200
    login("vol")
    assert "改到村委会" in client.get("/notifications/").get_data(as_text=True)


def test_each_user_chooses_per_kind_and_gives_an_address(client, county, login):
    from portal.notifications.models import NotificationPreference, NotificationSetting
    from portal.notifications.service import notify
    login("east")
    assert "每日汇总邮件" in client.get("/notifications/preferences").get_data(as_text=True)
    bad = client.post("/notifications/preferences", data={"email": "not-an-address"}, follow_redirects=True)
    assert "请填写有效的电子邮箱" in bad.get_data(as_text=True)
    client.post("/notifications/preferences", data={"email": "east@example.org", "kind-pairing_declined": "email",
                                                    "kind-check_expiring": "digest"})
    east = county["users"]["east"]
    assert db.session.get(NotificationSetting, east.id).email == "east@example.org"
    chosen = dict(db.session.execute(select(NotificationPreference.kind, NotificationPreference.channel).where(
        NotificationPreference.user_id == east.id)).all())
    assert chosen["pairing_declined"] == "email" and chosen["check_expiring"] == "digest"
    assert chosen["activity_cancelled"] == "portal"
    made = notify([east, east.id, county["users"]["west"]], "pairing_declined", {"text": "x"}, key="k")
    assert [n.delivery for n in made] == ["pending", "portal"]
    assert notify([east], "pairing_declined", {"text": "x"}, key="k") == []  # told once per key


def test_a_delivery_claimed_by_a_worker_that_died_is_sent_again(app, county):
    from datetime import timedelta

    from portal.core.time import utcnow
    from portal.notifications.delivery import deliver_pending
    from portal.notifications.models import NotificationPreference
    from portal.notifications.service import notify
    east = county["users"]["east"]
    db.session.add(NotificationPreference(user_id=east.id, kind="pairing_declined", channel="email"))
    [note] = notify([east], "pairing_declined", {"text": "x"})
    note.delivery, note.delivered_at = "sending", utcnow() - timedelta(minutes=5)  # a live claim: left alone
    db.session.commit()
    deliver_pending()
    assert db.session.get(Notification, note.id).delivery == "sending"
    note.delivered_at = utcnow() - timedelta(hours=1)
    db.session.commit()
    deliver_pending()  # given back, then delivered (SMTP is off here: it stays in the portal, marked failed)
    deliver_pending()
    assert db.session.get(Notification, note.id).delivery == "failed"


def test_the_volunteer_moved_up_from_the_waiting_list_is_told_by_bell_and_email(client, county, login):
    """Issue 27: moving up from the waiting list is told, and by email as well as the bell unless one chose."""
    first = volunteer(county, "先来的")
    me = volunteer(county, "我", user=county["users"]["vol"])
    a = activity(county, slots=1)
    place = signed_up(a, first)
    signed_up(a, me)
    from ..factories import cancelled
    cancelled(place)
    note = db.session.execute(select(Notification).where(Notification.kind == "signup_promoted")).scalar_one()
    assert note.user_id == county["users"]["vol"].id and note.delivery == "pending"
    login("vol")
    assert "候补名单" in client.get("/notifications/").get_data(as_text=True)
    preferences = client.get("/notifications/preferences").get_data(as_text=True)
    import re
    assert re.search(r'name="kind-signup_promoted" value="email" aria-label="[^"]*" checked', preferences)
