"""A small hand-counted county for the report tests: 2026, quarter 2 (1 April to 30 June, Asia/Shanghai).

Children (the comments give each person's part in the figures):
  a  orphan, 东村, entered 10 Jan, paired since 1 Feb (accepted)             -> at end, paired
  b  orphan, a grid of 东村, entered 10 May, paired 15 May - 10 Jun (ended)   -> new, at end, NOT paired
  c  left_behind, 东村, entered Dec 2025, left 20 May (moved)                 -> left in the period
  d  left_behind, 东村, entered Jun 2025, left 15 Mar (aged out)              -> nothing this quarter
  e  left_behind, 东村, entered 5 Jul                                         -> after the period
  f  disabled_low_income, 西村, entered 1 Jan, a declined pairing             -> at end, NOT paired
  g  left_behind, 西村, entered 1 Feb, pairing starting 1 Jul                 -> at end, NOT paired
  h  left_behind, 东村, entered 1 Mar, pairing 1 Mar - 10 Jul (accepted)       -> at end, paired
  i  left_behind, 西村, entered 30 Jun 20:00 UTC = 1 Jul local               -> after the period
Elderly: k alone, 西村, entered 1 Jan.
"""
from __future__ import annotations

from datetime import date, datetime

import pytest

from tests.factories import add_person, add_volunteer, make_place


def _at(y, m, d, hour=4):
    return datetime(y, m, d, hour, 0)  # UTC; 04:00 UTC is noon in Asia/Shanghai


@pytest.fixture
def figures(county):
    from portal.activities.models import Activity, HoursEntry, SignUp
    from portal.reverification.models import HoursConfirmation
    from portal.assignment.models import Pairing
    from portal.extensions import db
    grid = make_place("G1", "东村一组", "grid", county["v_east"], None, None)
    V1, V2 = county["v_east"], county["v_west"]
    people = {}
    for key, cat, place, created, left in [
            ("a", "orphan", V1, _at(2026, 1, 10), None), ("b", "orphan", grid, _at(2026, 5, 10), None),
            ("c", "left_behind", V1, _at(2025, 12, 1), (date(2026, 5, 20), "moved")),
            ("d", "left_behind", V1, _at(2025, 6, 1), (date(2026, 3, 15), "aged_out")),
            ("e", "left_behind", V1, _at(2026, 7, 5), None),
            ("f", "disabled_low_income", V2, _at(2026, 1, 1), None),
            ("g", "left_behind", V2, _at(2026, 2, 1), None), ("h", "left_behind", V1, _at(2026, 3, 1), None),
            ("i", "left_behind", V2, _at(2026, 6, 30, 20), None)]:
        extra = {"status": "left", "left_on": left[0], "left_reason": left[1]} if left else {}
        people[key] = add_person("children", place, name=f"儿童{key}", category=cat, created_at=created,
                                 gender="M" if key in "bgh" else "F", birth=date(2016, 5, 1), **extra)
    people["k"] = add_person("elderly", V2, name="老人k", category="alone", created_at=_at(2026, 1, 1),
                             birth=date(1950, 1, 1))
    v1 = add_volunteer(county, "志愿者一")
    v1.created_at, v1.background_checked_on = _at(2026, 1, 5), date(2026, 6, 1)
    v2 = add_volunteer(county, "志愿者二", checked=False)
    v2.created_at = _at(2026, 4, 15)
    v3 = add_volunteer(county, "志愿者三", status="pending")
    v3.created_at = _at(2026, 5, 1)
    v4 = add_volunteer(county, "志愿者四")
    v4.created_at, v4.background_checked_on = _at(2025, 1, 1), date(2025, 5, 1)
    for key, start, end, status, response in [
            ("a", date(2026, 2, 1), None, "active", "accepted"),
            ("b", date(2026, 5, 15), date(2026, 6, 10), "ended", "pending"),
            ("f", date(2026, 4, 1), None, "declined", "declined"),
            ("g", date(2026, 7, 1), None, "active", "pending"),
            ("h", date(2026, 3, 1), date(2026, 7, 10), "ended", "accepted")]:
        db.session.add(Pairing(service="children.caring_pairing", beneficiary_id=people[key].id, volunteer_id=v1.id,
                               unit=f"b{people[key].id}", status=status, response=response, started_on=start,
                               ended_on=end))
    held = Activity(service="children.family_call", group="children", title="亲情电话", starts_at=_at(2026, 5, 5),
                    ends_at=_at(2026, 5, 5, 6), place_id=county["east"].id, volunteer_slots=3, confirmed=2)
    cancelled = Activity(service="children.family_call", group="children", title="取消", status="cancelled",
                         starts_at=_at(2026, 5, 6), ends_at=_at(2026, 5, 6, 6), place_id=county["east"].id)
    later = Activity(service="children.family_call", group="children", title="七月", starts_at=_at(2026, 7, 2),
                     ends_at=_at(2026, 7, 2, 6), place_id=county["east"].id)
    db.session.add_all([held, cancelled, later])
    db.session.flush()
    db.session.add_all([SignUp(activity_id=held.id, volunteer_id=v1.id, status="confirmed", attended=True),
                        SignUp(activity_id=held.id, volunteer_id=v2.id, status="confirmed", attended=False),
                        SignUp(activity_id=held.id, volunteer_id=v4.id, status="cancelled")])
    for vol, day, hours in [(v1, date(2026, 4, 10), 3.0), (v1, date(2026, 5, 20), 2.5), (v2, date(2026, 6, 30), 1.0),
                            (v2, date(2026, 7, 1), 4.0)]:
        entry = HoursEntry(volunteer_id=vol.id, day=day, hours=hours)
        db.session.add(entry)
        db.session.flush()
        db.session.add(HoursConfirmation(hours_id=entry.id, confirmed_at=_at(2026, 8, 1)))
    # Issue 27: hours nobody confirmed count nowhere (v4 logged 20 and must not rank first, nor at all).
    db.session.add(HoursEntry(volunteer_id=v4.id, day=date(2026, 5, 2), hours=20.0))
    db.session.commit()
    return {"people": people, "volunteers": (v1, v2, v3, v4), "grid": grid, **county}


@pytest.fixture
def build(app):
    """Build a report as ``user`` (a username of the county fixture) for 2026 Q2 (or another period)."""
    from portal.auth.models import User
    from portal.extensions import db
    from portal.reports.build import build_report, report_area
    from portal.reports.period import Period

    def run(username="coord", quarter=2, year=2026, place=None):
        user = db.session.execute(db.select(User).filter_by(username=username)).scalar_one()
        area = report_area(user, place_id=place.id if place else None)
        return build_report(Period(year, quarter), user, area)
    return run


def table(report, key):
    """The table with this key, or an AssertionError naming the keys there are."""
    found = {t.key: t for s in report.sections for t in s.tables}
    assert key in found, sorted(found)
    return found[key]


def rows_by_first(t):
    return {str(r[0]): r[1:] for r in t.rows}
