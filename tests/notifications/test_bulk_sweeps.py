"""The worker's sweeps write their notices in bulk (issue 32): the statements a sweep sends do not grow with the
number of people or volunteers, a second sweep the same day writes nothing, and a coordinator gets one notice per
check sweep (the counts and a link to the list), not one per volunteer."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.time import local_today
from portal.extensions import db
from portal.notifications.models import Notification
from portal.testing import make_user, statements
from portal.visits.models import VisitReminder
from portal.visits.reminders import send_visit_reminders
from portal.volunteers.checks import sweep_checks

from ..factories import add_volunteer
from ..visits.conftest import helper, now, pair, person  # noqa: F401  (helper and now are fixtures)


def kinds() -> dict[str, int]:
    return dict(db.session.execute(select(Notification.kind, func.count()).group_by(Notification.kind)).all())


def shapes(first: list[str], second: list[str]) -> str:
    """What differs between two sweeps' statements (their first words), for a failure's message."""
    from collections import Counter
    one, two = (Counter(" ".join(s.split())[:70] for s in seen) for seen in (first, second))
    return "\n".join(f"{one[k]} -> {two[k]}: {k}" for k in sorted(set(one) | set(two)) if one[k] != two[k])


def writes(seen: list[str]) -> list[str]:
    return [s for s in seen if s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE", "COPY"))]


@pytest.mark.clock
def test_the_visit_sweep_sends_as_many_statements_for_60_people_as_for_10(app, county, helper, now):  # noqa: F811
    """10 people overdue, swept; then 60 more, swept a week later (the next weekly digest is due too): the same
    statements, and every helper's notice is there (70 overdue visits, each told once)."""
    for i in range(10):
        pair(person(county, name=f"甲{i}", registered_days_ago=10), helper, started_days_ago=65)
    with statements() as first:
        counts = send_visit_reminders(now)
    assert counts["overdue"] == 10 and counts["digest"] >= 1
    for i in range(60):
        pair(person(county, name=f"乙{i}", registered_days_ago=10), helper, started_days_ago=65)
    with statements() as second:
        counts = send_visit_reminders(now + timedelta(days=7))
    assert counts["overdue"] == 60 and counts["digest"] >= 1
    assert len(second) == len(first), shapes(first, second)
    assert kinds()["visit_overdue"] == 70
    assert db.session.execute(select(func.count()).select_from(VisitReminder)
                              .where(VisitReminder.kind == "overdue")).scalar_one() == 70


@pytest.mark.clock
def test_a_second_visit_sweep_the_same_day_writes_nothing(app, county, helper, now):  # noqa: F811
    for i in range(12):
        pair(person(county, name=f"丙{i}", registered_days_ago=10), helper, started_days_ago=65 if i % 2 else 58)
    send_visit_reminders(now)
    told = kinds()
    assert told["visit_overdue"] == 6 and told["visit_due_soon"] == 6 and told["overdue_digest"] >= 1
    with statements() as again:
        assert send_visit_reminders(now + timedelta(hours=2)) == {"due_soon": 0, "overdue": 0, "digest": 0}
    assert writes(again) == [] and kinds() == told


def _ending(county, n: int, days_ago: int, start: int = 0) -> list:
    """``n`` volunteers with accounts whose passed check was done ``days_ago`` days ago."""
    made = []
    for i in range(start, start + n):
        v = add_volunteer(county, f"志愿{i}", user=make_user(f"helper{i}", "volunteer", county["v_east"]))
        v.background_checked_on = local_today() - timedelta(days=days_ago)
        made.append(v)
    db.session.commit()
    return made


@pytest.mark.clock
def test_a_coordinator_gets_one_notice_per_check_sweep_and_each_volunteer_their_own(app, county):
    _ending(county, 8, 340)        # end in 25 days
    _ending(county, 3, 400, 8)     # ended
    assert sweep_checks() == {"expiring": 8, "expired": 3}
    db.session.commit()
    told = kinds()
    assert told == {"check_expiring": 8, "check_expired": 3, "checks_digest": 2}  # the county's and east's
    digests = db.session.execute(select(Notification).where(Notification.kind == "checks_digest")).scalars().all()
    assert sorted(n.user.username for n in digests) == ["coord", "east"]
    assert all(n.params["expiring"] == 8 and n.params["expired"] == 3 for n in digests)
    assert all(n.endpoint_args == {"check": "ending"} for n in digests)
    with statements() as again:
        assert sweep_checks() == {"expiring": 0, "expired": 0}
    assert writes(again) == [] and kinds() == told


@pytest.mark.clock
def test_the_check_sweep_sends_as_many_statements_for_30_volunteers_as_for_5(app, county):
    _ending(county, 5, 340)
    with statements() as first:
        assert sweep_checks() == {"expiring": 5, "expired": 0}
    _ending(county, 30, 340, 5)
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    with statements() as second:
        assert sweep_checks(period=tomorrow) == {"expiring": 30, "expired": 0}
    assert len(second) == len(first), shapes(first, second)
    assert kinds() == {"check_expiring": 35, "checks_digest": 4}  # two coordinators, one notice each per day


def test_the_digest_links_to_the_volunteers_whose_checks_end(app, county, client, login):
    _ending(county, 1, 340)
    _ending(county, 1, 30, 1)  # checked a month ago: not ending
    login("coord")
    page = client.get("/volunteers/?check=ending").get_data(as_text=True)
    assert "志愿0" in page and "志愿1" not in page


def _flagged_helpers(county, n: int, start: int = 0) -> None:
    """``n`` helpers with accounts and a pending check, each paired with a child of the children's group."""
    from portal.testing import add_person

    from ..assignment.test_helpers_going import helper, paired
    for i in range(start, start + n):
        v = helper(county, name=f"帮扶{i}", user=make_user(f"flag{i}", "volunteer", county["v_east"]))
        paired(v, add_person("children", county["v_east"], name=f"孩子{i}", category="orphan",
                             services=["children.caring_pairing"]))


def test_the_flag_sweep_tells_each_helper_and_each_coordinator_once(app, county):
    """3 helpers flagged, then 12 more the next day: the same statements; each helper one notice, each coordinator
    one notice per sweep with the counts (not one per helper)."""
    from portal.assignment.ending import sweep_check_flags
    _flagged_helpers(county, 3)
    with statements() as first:
        assert sweep_check_flags()["flagged"] == 3
    digests = db.session.execute(select(Notification).where(Notification.kind == "flags_digest")).scalars().all()
    assert sorted(n.user.username for n in digests) == ["coord", "east"]
    assert all(n.params["helpers"] == 3 and n.params["n"] == 3 for n in digests)
    _flagged_helpers(county, 12, 3)
    with statements() as second:
        assert sweep_check_flags(today=local_today() + timedelta(days=1))["flagged"] == 12
    assert len(second) == len(first), shapes(first, second)
    assert kinds() == {"pairings_flagged": 15, "flags_digest": 4}
    with statements() as again:
        assert sweep_check_flags(today=local_today() + timedelta(days=1))["flagged"] == 0
    assert not [s for s in writes(again) if s.lstrip().upper().startswith("INSERT")]  # its UPDATEs touch no row
    assert kinds() == {"pairings_flagged": 15, "flags_digest": 4}


def test_suspension_day_suspends_many_helpers_in_statements_that_do_not_grow_and_tells_each_coordinator_once(
        app, county):
    """3 helpers' pairings suspended, then 12 more on another day: the same statements; each helper one notice,
    each coordinator one notice per sweep (not one per helper); every pairing suspended, audited, its load freed."""
    from portal.assignment.ending import sweep_check_flags
    from portal.assignment.models import Pairing
    from portal.volunteers.models import VolunteerService
    app.config["GUANAI_CHECK_GRACE_DAYS"] = 10
    today = local_today()
    _flagged_helpers(county, 3)
    sweep_check_flags(today=today - timedelta(days=20))
    with statements() as first:
        assert sweep_check_flags(today=today - timedelta(days=5))["suspended"] == 3
    digests = db.session.execute(select(Notification).where(Notification.kind == "suspended_digest")).scalars().all()
    assert sorted(n.user.username for n in digests) == ["coord", "east"]
    assert all(n.params["helpers"] == 3 and n.params["n"] == 3 for n in digests)
    assert "需要新的帮扶人" in digests[0].text()
    _flagged_helpers(county, 12, 3)
    sweep_check_flags(today=today - timedelta(days=15))
    with statements() as second:
        assert sweep_check_flags(today=today)["suspended"] == 12
    assert len(second) == len(first), shapes(first, second)
    counts = kinds()
    assert counts["pairings_suspended"] == 15 and counts["suspended_digest"] == 4
    statuses = db.session.execute(select(Pairing.status, func.count()).group_by(Pairing.status)).all()
    assert dict(statuses) == {"suspended": 15}
    assert db.session.execute(select(func.sum(VolunteerService.load))).scalar_one() == 0
