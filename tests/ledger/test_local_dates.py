"""Local dates (issue 27): at 02:00 in Beijing (18:00 UTC the day before) the ledger's forms take the local date
for their defaults and their "not after today" checks, never the server's UTC date."""
from datetime import UTC, date, datetime

import time_machine

from portal.extensions import db

from ..factories import add_person
from .test_ledger import form

#: 02:00 on 7 December in Beijing: the server's (UTC) date is still the 6th.
TWO_AT_NIGHT = datetime(2026, 12, 6, 18, 0, tzinfo=UTC)
LOCAL_TODAY = date(2026, 12, 7)


def test_leave_the_ledger_today_at_two_in_the_morning(client, county, login):
    person = add_person("children", county["v_east"], birth=date(2016, 12, 7))
    login("east")
    with time_machine.travel(TWO_AT_NIGHT, tick=False):
        form = client.get(f"/g/children/{person.id}/leave").get_data(as_text=True)
        assert 'value="2026-12-07"' in form  # the default is the local date
        done = client.post(f"/g/children/{person.id}/leave", data={"reason": "parents_returned",
                                                                   "left_on": "2026-12-07"})
        assert done.status_code == 302
        db.session.refresh(person)
        assert (person.status, person.left_on) == ("left", LOCAL_TODAY)
        assert person.age == 10  # a birthday today counts on the local date


def test_born_today_is_no_future_birth_at_two_in_the_morning(client, county, login):
    login("east")
    with time_machine.travel(TWO_AT_NIGHT, tick=False):
        page = client.post("/g/children/new", data=form(county, name="新生", birth_date="2026-12-07"))
        assert page.status_code == 302, page.get_data(as_text=True)
        refused = client.post("/g/children/new", data=form(county, name="明天", birth_date="2026-12-08"))
        assert "出生日期不能晚于今天" in refused.get_data(as_text=True)


def test_hours_default_to_the_local_day(app):
    from portal.activities.forms import HoursForm
    with time_machine.travel(TWO_AT_NIGHT, tick=False), app.test_request_context():
        assert HoursForm(meta={"csrf": False}).day.data == LOCAL_TODAY
