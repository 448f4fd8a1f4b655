"""The annual report's visits required and missed, checked against a plain Python count on a seeded ledger.

Issue 32: the query was a CASE per window with an IN subquery each (a subplan per person and window on a
county not yet analyzed: 74 s); it is now the people joined to the rule's windows. The figures must not
change. The rules are the plugins': the children's caring family every 60 days, carried by a caring pairing
(seed 004_063b8b55f014a049.txt), the children's teacher monthly, carried by tutoring with a teacher
(001_4cc1b26d377adaa2.txt, 002_2db313fca548a85b.txt), the elderly's weekly cadre visit to those living alone
(001, 篇十五) and the elderly helper every 15 days (002).
"""
from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, datetime, time, timedelta

import pytest

from portal.core.time import from_local
from portal.extensions import db
from portal.plugin.manager import current_plugins
from portal.plugin.records import service_key
from portal.testing import add_person, make_place

from ..factories import add_volunteer

YEAR = 2025


def _moment(day: date, hour: int) -> datetime:
    return from_local(datetime.combine(day, time(hour)))


@pytest.fixture
def ledger(county):
    """Forty people over two villages and a grid, registered, leaving, paired and visited at random (seed 32)."""
    from portal.assignment.models import Pairing
    from portal.visits.models import Visit
    rng = random.Random(32)
    grid = make_place("V1G1", "东村一组", "grid", county["v_east"])
    places = [county["v_east"], county["v_west"], grid]
    helpers = [add_volunteer(county, f"帮扶{n}", services=("children.caring_pairing",)) for n in "甲乙"]
    specs = [("children", "orphan"), ("children", "left_behind"), ("elderly", "alone"), ("elderly", "empty_nest")]
    people, pairings, visits = [], [], []
    for n in range(40):
        group, category = specs[n % 4]
        created = date(YEAR - 1, 6, 1) + timedelta(days=rng.randrange(0, 560))
        left = created + timedelta(days=rng.randrange(20, 300)) if rng.random() < 0.3 else None
        p = add_person(group, rng.choice(places), name=f"人{n}", category=category,
                       birth=date(2015, 1, 1) if group == "children" else date(1950, 1, 1),
                       created_at=_moment(created, rng.choice([1, 12, 23])),
                       status="left" if left else "active", left_on=left, left_reason="moved" if left else None)
        people.append(p)
        services = ["children.caring_pairing", "children.tutoring"] if group == "children" else \
            ["elderly.weekly_visit", "elderly.daily_care"]
        for _k in range(rng.randrange(0, 3)):
            start = date(YEAR - 1, 10, 1) + timedelta(days=rng.randrange(0, 400))
            ended = start + timedelta(days=rng.randrange(1, 200)) if rng.random() < 0.5 else None
            status = rng.choice(["active", "ended", "declined"]) if ended is None else "ended"
            pairings.append(Pairing(service=rng.choice(services), role=rng.choice(["volunteer", "teacher"]),
                                    beneficiary_id=p.id, volunteer_id=rng.choice(helpers).id, unit=f"b{p.id}",
                                    status=status, response="accepted", started_on=start, ended_on=ended))
        rules = [r.code for r in current_plugins().visit_rules_tracked(group)]
        for _k in range(rng.randrange(0, 25)):
            day = date(YEAR - 1, 12, 1) + timedelta(days=rng.randrange(0, 420))
            visits.append(Visit(beneficiary_id=p.id, rule=rng.choice(rules), mode="home", findings={},
                                visited_at=_moment(day, rng.choice([0, 9, 15, 23]))))
    db.session.add_all(pairings + visits)
    db.session.commit()
    return {"people": people, "pairings": pairings, "visits": visits, "grid": grid, **county}


def _expected(ledger, group: str, rule, start: date, end: date) -> dict[int, tuple[int, int]]:
    """{village id: (required, missed)} counted in Python, one window and one person at a time."""
    from portal.visits.report import windows
    keys = {service_key(group, s) for s in rule.services}
    found: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for p in ledger["people"]:
        if p.group != group or (rule.categories and p.category not in rule.categories):
            continue
        req = 0
        for day in windows(start, end, rule.every_days):
            on_ledger = p.created_at < _moment(day + timedelta(days=1), 0) and (p.left_on is None or p.left_on > day)
            paired = not rule.services or any(
                x.beneficiary_id == p.id and x.status != "declined" and x.service in keys and x.started_on <= day
                and (x.ended_on is None or x.ended_on > day) and (not rule.roles or x.role in rule.roles)
                for x in ledger["pairings"])
            req += on_ledger and paired
        done = sum(1 for v in ledger["visits"] if v.beneficiary_id == p.id and v.rule == rule.code
                   and _moment(start, 0) <= v.visited_at < _moment(end + timedelta(days=1), 0))
        village = p.place.parent_id if p.place.level == "grid" else p.place_id
        if req:
            found[village][0] += req
            found[village][1] += max(req - done, 0)
    return {v: tuple(rm) for v, rm in found.items()}


@pytest.mark.parametrize("quarter", [None, 3])
def test_required_and_missed_match_a_count_window_by_window(app, ledger, quarter):
    from portal.reports.context import Report
    from portal.reports.period import Period
    from portal.visits.report import required_and_missed
    period = Period(YEAR, quarter)
    report = Report(period, ledger["users"]["coord"], ledger["root"])
    checked = 0
    for group in ("children", "elderly"):
        for rule in current_plugins().visit_rules_tracked(group):
            got = {v: rm for v, rm in required_and_missed(report, group, rule).items() if rm[0]}
            assert got == _expected(ledger, group, rule, period.start, period.end), (group, rule.code)
            checked += bool(got)
    assert checked >= 4  # the seed gives figures to most rules, so the comparison is not between empty dicts


def test_the_query_joins_the_windows_instead_of_a_subquery_per_window(app, ledger):
    from portal.reports.context import Report
    from portal.reports.period import Period
    from portal.testing import statements
    from portal.visits.report import required_and_missed
    rule = next(r for r in current_plugins().visit_rules_tracked("elderly") if r.code == "volunteer")
    report = Report(Period(YEAR), ledger["users"]["coord"], ledger["root"])
    with statements() as seen:
        required_and_missed(report, "elderly", rule)
    query = [s for s in seen if "windows" in s]
    assert len(query) == 1
    assert query[0].count("FROM pairings") == 1  # one EXISTS over the windows, not an IN per weekly window (53)
