"""Activities: sign-ups with a waiting list and moving up, no overfilling under races, staff pages, hours."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.activities.models import Activity, HoursEntry, SignUp
from portal.activities.signups import SignUpRefused
from portal.core.time import local_today
from portal.extensions import db
from portal.volunteers.models import Volunteer

from ..concurrency import run_together
from ..factories import add_activity as activity
from ..factories import add_volunteer as volunteer
from ..factories import cancelled, signed_up


def test_full_activity_puts_on_waiting_list_and_cancel_moves_up(app, county):
    a = activity(county, slots=1)
    first, second, third = (volunteer(county, n) for n in ("甲", "乙", "丙"))
    assert signed_up(a, first).status == "confirmed"
    waiting = signed_up(db.session.get(Activity, a.id), second)
    later = signed_up(db.session.get(Activity, a.id), third)
    assert (waiting.status, later.status) == ("waiting", "waiting")
    promoted = cancelled(db.session.execute(select(SignUp).filter_by(volunteer_id=first.id)).scalar_one())
    assert promoted.volunteer_id == second.id and promoted.status == "confirmed"
    assert db.session.get(Activity, a.id).confirmed == 1
    cancelled(db.session.get(SignUp, promoted.id))
    cancelled(db.session.get(SignUp, later.id))  # a waiting sign-up: no place to free
    assert db.session.get(Activity, a.id).confirmed == 0


def test_signing_up_twice_or_unapproved_or_unchecked_is_refused(app, county):
    a = activity(county)
    ok = volunteer(county, "甲")
    signed_up(a, ok)
    with pytest.raises(SignUpRefused, match="已经报名"):
        signed_up(db.session.get(Activity, a.id), ok)
    with pytest.raises(SignUpRefused, match="审核通过"):
        signed_up(db.session.get(Activity, a.id), volunteer(county, "乙", status="pending"))
    with pytest.raises(SignUpRefused, match="背景审查"):  # a children's activity: minors
        signed_up(db.session.get(Activity, a.id), volunteer(county, "丙", checked=False))
    women = activity(county, service="women.skills_training", group="women")
    assert signed_up(women, volunteer(county, "丁", checked=False)).status == "confirmed"


@pytest.mark.commits
def test_concurrent_sign_ups_never_overfill(migrated, app, county):
    activity_id = activity(county, slots=2).id
    ids = [volunteer(county, f"志愿者{i}").id for i in range(6)]

    def sign(vid):
        signed_up(db.session.get(Activity, activity_id), db.session.get(Volunteer, vid))

    errors = run_together(migrated, sign, ids)
    db.session.expire_all()
    statuses = db.session.execute(select(SignUp.status)).scalars().all()
    assert errors == []
    assert statuses.count("confirmed") == 2 == db.session.get(Activity, activity_id).confirmed
    assert statuses.count("waiting") == 4


@pytest.mark.clock
def test_staff_run_their_own_group_sessions_only(client, county, login):
    volunteer(county, "帮孩子的", services=("children.tutoring",))
    volunteer(county, "帮老人的", services=("elderly.daily_care",))
    login("kids")
    day = (local_today() + timedelta(days=30)).isoformat()
    form = {"title": "周末作业辅导", "service": "children.family_call", "starts_at": f"{day}T09:00",
            "ends_at": f"{day}T08:00", "place_id": county["v_east"].id, "volunteer_slots": "3"}
    bad = client.post("/g/children/activities/new", data=form)
    assert "结束时间须晚于开始时间" in bad.get_data(as_text=True)
    assert db.session.execute(select(func.count(Activity.id))).scalar_one() == 0
    ok = client.post("/g/children/activities/new", data={**form, "ends_at": f"{day}T11:00"})
    new = db.session.execute(select(Activity)).scalar_one()
    assert ok.location == f"/g/children/activities/{new.id}" and new.group == "children"
    assert client.get("/g/elderly/activities").status_code == 403
    volunteers = client.get("/volunteers/").get_data(as_text=True)
    assert "帮孩子的" in volunteers and "帮老人的" not in volunteers


def test_staff_mark_attendance(client, county, login):
    a = activity(county, days=-1)
    came, absent = volunteer(county, "来了"), volunteer(county, "没来")
    for v in (came, absent):
        db.session.add(SignUp(activity_id=a.id, volunteer_id=v.id, status="confirmed"))
    db.session.commit()
    login("kids")
    client.post(f"/g/children/activities/{a.id}/attendance", data={"present": [str(came.id)]})
    result = dict(db.session.execute(select(SignUp.volunteer_id, SignUp.attended)).all())
    assert result == {came.id: True, absent.id: False}


@pytest.mark.clock
def test_hours_can_be_logged_for_an_activity_that_has_ended(client, county, login):
    past = activity(county, days=-2)
    me = volunteer(county, "我", user=county["users"]["vol"])
    db.session.add(SignUp(activity_id=past.id, volunteer_id=me.id, status="confirmed"))
    db.session.commit()
    login("vol")
    assert f'value="a{past.id}"' in client.get("/me/").get_data(as_text=True)
    client.post("/me/hours", data={"day": local_today().isoformat(), "hours": "2", "target": f"a{past.id}"})
    assert db.session.execute(select(HoursEntry)).scalar_one().activity_id == past.id


def test_attendance_with_a_huge_id_is_refused_naming_the_field(client, county, login):
    """2^64 among the ticked volunteers is a 400 naming the field, not a 500 (issue 26)."""
    a = activity(county, days=-1)
    login("kids")
    response = client.post(f"/g/children/activities/{a.id}/attendance", data={"present": [str(2**64)]})
    assert response.status_code == 400 and "present" in response.get_data(as_text=True)
