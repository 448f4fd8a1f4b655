"""Times are typed and shown in the deployment's zone and stored in UTC (Asia/Shanghai unless configured)."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from portal.activities.models import Activity
from portal.core.time import from_local, local_now, to_local, utcnow
from portal.extensions import db


def test_local_and_utc_convert_both_ways(app):
    assert from_local(datetime(2026, 12, 1, 9, 0)) == datetime(2026, 12, 1, 1, 0)
    assert to_local(datetime(2026, 12, 1, 1, 0)) == datetime(2026, 12, 1, 9, 0)
    assert from_local(None) is None and to_local(None) is None


def test_the_zone_comes_from_configuration(app):
    app.config["GUANAI_TIMEZONE"] = "Europe/London"
    assert from_local(datetime(2026, 7, 1, 9, 0)) == datetime(2026, 7, 1, 8, 0)


def _new_activity(client, county, starts: datetime, hours: int = 2):
    form = {"title": "亲情电话日", "service": "children.family_call", "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M"),
            "place_id": county["v_east"].id, "volunteer_slots": "3"}
    return client.post("/g/children/activities/new", data=form)


@pytest.mark.clock
def test_an_activity_typed_in_local_time_is_stored_in_utc_and_shown_as_typed(client, county, login):
    login("kids")
    starts = (local_now() + timedelta(hours=1)).replace(second=0, microsecond=0)
    assert _new_activity(client, county, starts).status_code == 302
    stored = db.session.execute(select(Activity)).scalar_one()
    # An hour ahead in real time, not an hour plus the zone's eight hours.
    assert timedelta(minutes=55) <= stored.starts_at - utcnow() <= timedelta(minutes=61)
    page = client.get(f"/g/children/activities/{stored.id}").get_data(as_text=True)
    assert starts.strftime("%Y-%m-%d %H:%M") in page


@pytest.mark.clock
def test_an_activity_that_started_an_hour_ago_local_time_is_refused(client, county, login):
    login("kids")
    page = _new_activity(client, county, local_now() - timedelta(hours=1), hours=3).get_data(as_text=True)
    assert "活动开始时间须在将来" in page
    assert db.session.execute(select(Activity)).first() is None
