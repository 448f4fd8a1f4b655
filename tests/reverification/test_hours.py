"""Honest hours: only an active volunteer, never in the future, only for an activity attended or a pairing held;
they count once staff or a coordinator confirmed them."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.activities.hours import hours_since
from portal.activities.models import HoursEntry, SignUp
from portal.core.audit import AuditEntry
from portal.core.time import local_today, utcnow
from portal.extensions import db
from portal.reverification.hours import confirmed_hours_since
from portal.reverification.models import HoursConfirmation

from ..factories import add_activity, add_person, add_volunteer


def _me(county, status="active"):
    return add_volunteer(county, "我", status=status, user=county["users"]["vol"])


def _signed(activity, volunteer, attended=None):
    db.session.add(SignUp(activity_id=activity.id, volunteer_id=volunteer.id, status="confirmed", attended=attended))
    db.session.commit()


def _log(client, target, day=None, hours="2"):
    return client.post("/me/hours", data={"day": (day or local_today()).isoformat(), "hours": hours,
                                          "target": target}, follow_redirects=True).get_data(as_text=True)


def _count():
    return len(db.session.execute(select(HoursEntry)).scalars().all())


@pytest.mark.clock
def test_no_hours_for_an_activity_ahead_or_one_marked_absent(client, login, county):
    me = _me(county)
    ahead = add_activity(county, days=19)
    absent = add_activity(county, days=-2)
    came = add_activity(county, days=-3)
    _signed(ahead, me)
    _signed(absent, me, attended=False)
    _signed(came, me, attended=True)
    login("vol")
    for a in (ahead, absent):
        _log(client, f"a{a.id}")
    assert _count() == 0
    _log(client, f"a{came.id}", day=local_today() + timedelta(days=1))  # never in the future
    assert _count() == 0
    _log(client, f"a{came.id}")
    assert _count() == 1


def test_a_pending_volunteer_logs_nothing_and_hours_need_a_pairing_held(client, login, county):
    from portal.assignment.models import Pairing
    me = _me(county, status="pending")
    came = add_activity(county, days=-3)
    _signed(came, me, attended=True)
    login("vol")
    _log(client, f"a{came.id}")
    assert _count() == 0
    me.status = "active"
    person = add_person("children", county["v_east"])
    other = add_volunteer(county, "别人")
    theirs = Pairing(service="children.family_call", beneficiary_id=person.id, volunteer_id=other.id, unit="x",
                     status="active", started_on=date(2026, 1, 1))
    db.session.add(theirs)
    db.session.commit()
    _log(client, f"p{theirs.id}")
    _log(client, "")
    assert _count() == 0


@pytest.mark.clock
def test_hours_count_once_confirmed_by_a_coordinator(client, login, county):
    me = _me(county)
    came = add_activity(county, days=-3)
    _signed(came, me, attended=True)
    login("vol")
    _log(client, f"a{came.id}", hours="2.5")
    assert hours_since(me.id, date(2000, 1, 1)) == 2.5
    assert confirmed_hours_since(me.id, date(2000, 1, 1)) == 0
    login("vol")
    assert client.get("/reverify/hours").status_code in (302, 403)
    login("coord")
    assert "我" in client.get("/reverify/hours").get_data(as_text=True)
    entry = db.session.execute(select(HoursEntry)).scalar_one()
    client.post(f"/reverify/hours/{entry.id}/confirm")
    db.session.expire_all()
    assert db.session.get(HoursConfirmation, entry.id).confirmed_by_id == county["users"]["coord"].id
    assert confirmed_hours_since(me.id, date(2000, 1, 1)) == 2.5
    assert 'id="hours">2.5' in client.get(f"/reverify/helpers/{me.id}").get_data(as_text=True)
    assert utcnow() >= db.session.get(HoursConfirmation, entry.id).confirmed_at
    client.post(f"/reverify/hours/{entry.id}/confirm")  # twice: one confirmation, one audit entry
    assert db.session.execute(select(func.count()).select_from(HoursConfirmation)).scalar() == 1
    assert db.session.execute(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.entity == "hours", AuditEntry.action == "confirm")).scalar() == 1
