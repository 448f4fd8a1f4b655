"""A volunteer leaving or pausing sees what will happen before confirming; a coordinator ending a volunteer
does the same; afterwards the pairings have ended, the activities are left (the waiting list moves up) and
the coordinators and staff of the area are told (issue 27)."""
from sqlalchemy import select

from portal.activities.models import SignUp
from portal.assignment.models import Pairing
from portal.extensions import db
from portal.notifications.models import Notification
from portal.volunteers.models import Volunteer

from ..assignment.test_helpers_going import children, helper, paired
from ..factories import add_activity, add_volunteer, signed_up


def told():
    return sorted((n.user.username, n.kind) for n in db.session.execute(select(Notification)).scalars())


def test_leaving_shows_the_pairings_and_activities_first_and_nothing_changes_until_confirmed(client, county, login):
    v = helper(county, check="passed", checked_on=None, user=county["users"]["vol"], service="children.caring_pairing")
    kids = children(county, 2)
    for kid in kids:
        paired(v, kid)
    activity = add_activity(county, slots=1)
    signed_up(activity, v)
    waiting = add_volunteer(county, "候补的")
    signed_up(activity, waiting)
    login("vol")
    overview = client.get("/me/").get_data(as_text=True)
    assert 'id="step-left"' in overview and "不再担任志愿者" in overview
    assert ">退出<" not in overview.split('id="my-status"')[1]  # not the word of signing out
    preview = client.get("/me/status/left").get_data(as_text=True)
    assert "小明" in preview and "小红" in preview and "亲情电话日" in preview and "确认" in preview
    db.session.refresh(v)
    assert v.status == "active" and db.session.execute(select(Pairing.status)).scalars().all() == ["active"] * 2
    client.post("/me/status/left", data={"reason": "外出打工"})
    db.session.refresh(v)
    assert v.status == "left"
    assert set(db.session.execute(select(Pairing.status)).scalars()) == {"ended"}
    statuses = dict(db.session.execute(select(SignUp.volunteer_id, SignUp.status)).all())
    assert statuses == {v.id: "cancelled", waiting.id: "confirmed"}  # the waiting list moved up
    notes = told()
    assert ("east", "pairings_ended") in notes and ("coord", "pairings_ended") in notes
    assert ("kids", "pairings_ended") in notes  # the group's staff of the area
    assert ("west", "pairings_ended") not in notes
    note = db.session.execute(select(Notification).where(Notification.kind == "pairings_ended")).scalars().first()
    assert note.params["n"] == 2 and note.delivery == "pending"  # by email too, by default


def test_pausing_is_confirmed_the_same_way_and_resume_is_one_tap(client, county, login):
    v = helper(county, check="passed", user=county["users"]["vol"])
    paired(v, children(county, 1)[0])
    login("vol")
    assert "暂停" in client.get("/me/status/paused").get_data(as_text=True)
    client.post("/me/status/paused", data={"reason": ""})
    db.session.refresh(v)
    assert v.status == "paused"
    assert db.session.execute(select(Pairing.end_cause)).scalar_one() == "paused"
    assert client.get("/me/status/left").status_code == 200  # a paused volunteer may still leave
    client.post("/me/status", data={"status": "active"})
    db.session.refresh(v)
    assert v.status == "active"
    assert client.get("/me/status/bogus").status_code == 404


def test_a_coordinator_ends_a_volunteer_with_a_reason_after_the_same_preview(client, county, login):
    v = helper(county, check="passed", user=county["users"]["vol"])
    kid = children(county, 1)[0]
    paired(v, kid)
    login("east")
    assert 'id="end-service"' in client.get(f"/volunteers/{v.id}").get_data(as_text=True)
    preview = client.get(f"/volunteers/{v.id}/end").get_data(as_text=True)
    assert kid.name in preview
    assert client.post(f"/volunteers/{v.id}/end", data={"reason": " "}).status_code == 400
    client.post(f"/volunteers/{v.id}/end", data={"reason": "多次未走访"})
    db.session.refresh(v)
    assert (v.status, v.status_reason) == ("left", "多次未走访")
    assert db.session.execute(select(Pairing.end_cause)).scalar_one() == "ended"
    assert ("vol", "pairings_ended") in told()  # the volunteer hears it too
    login("west")
    assert client.get(f"/volunteers/{v.id}/end").status_code == 404  # outside their area
    assert db.session.execute(select(Volunteer.status)).scalar_one() == "left"
