"""A volunteer's own page: confirmed hours of this quarter and this year, read in one statement; pending apart."""
from datetime import date, timedelta

import pytest

from portal.activities.hours import hours_from_each, hours_since
from portal.activities.models import HoursEntry
from portal.core.time import local_today, utcnow
from portal.reverification.hours import confirmed_hours_since
from portal.reverification.models import HoursConfirmation
from portal.extensions import db

from ..factories import add_volunteer


@pytest.mark.clock
def test_hours_of_the_quarter_and_the_year_are_those_logged_since_each(client, county, login):
    vol = add_volunteer(county, "张老师", user=county["users"]["vol"])
    today = local_today()
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    for day, hours in [(today, 2.0), (quarter, 1.5), (quarter - timedelta(days=1), 4.0),
                       (date(today.year - 1, 12, 31), 8.0)]:
        entry = HoursEntry(volunteer_id=vol.id, day=day, hours=hours)
        db.session.add(entry)
        db.session.flush()
        db.session.add(HoursConfirmation(hours_id=entry.id, confirmed_at=utcnow()))
    db.session.add(HoursEntry(volunteer_id=vol.id, day=today, hours=5.0))  # not confirmed: pending, not counted
    db.session.commit()
    year = date(today.year, 1, 1)
    assert hours_from_each(vol.id, quarter, year) == [confirmed_hours_since(vol.id, quarter),
                                                      confirmed_hours_since(vol.id, year)]
    assert hours_from_each(vol.id, quarter, counted_only=False) == [hours_since(vol.id, quarter)]
    login("vol")
    page = client.get("/me/").get_data(as_text=True)
    expect_year = 7.5 if quarter > year else 3.5
    assert 'id="hours-quarter">3.5<' in page and f'id="hours-year">{expect_year:g}<' in page
    assert 'id="hours-pending" class="pending">5<' in page
