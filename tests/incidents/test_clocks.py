"""Incident types from the plugins, deadlines from configuration, and the clocks under a frozen clock."""
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.incidents.clocks import clock_of
from portal.incidents.reporting import StepRefused, record_step
from portal.incidents.types import type_of, types_of

from .conftest import T0, open_emergency


def test_every_group_gives_its_incident_types_with_steps_and_deadlines(app):
    emergency = type_of("children.emergency")
    assert [(s.code, s.deadline_minutes) for s in emergency.steps] == [("superiors", 15), ("guardian", 30),
                                                                       ("parents", 60)]
    assert {k.code for k in types_of("children")} == {"emergency", "missing", "mandatory_report", "dropout"}
    assert type_of("children.mandatory_report").triggers
    assert type_of("women.domestic_violence").hotline == "12338"
    assert [s.code for s in type_of("elderly.crisis").steps] == ["village", "civil_affairs", "children", "relief"]
    assert types_of("nobody") == []


@pytest.mark.commits
def test_a_deployment_overrides_a_deadline_and_the_steps_keep_it(app, migrated):
    """GUANAI_GROUP_SETTINGS[group]["incidents"][type][step]; the deadline is fixed on the step when opened."""
    from portal import create_app

    from ..factories import add_person, make_place
    other = create_app({"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "t", "GUANAI_GROUP_SETTINGS":
                        {"children": {"incidents": {"emergency": {"superiors": 10, "parents": 120}}}}})
    with other.app_context():
        assert {s.code: s.deadline_minutes for s in type_of("children.emergency").steps} == \
            {"superiors": 10, "guardian": 30, "parents": 120}
        person = add_person("children", make_place("X", "某村", "village"))
        from portal.incidents.reporting import open_incident
        incident = open_incident(None, person, type_of("children.emergency"), what="x", now=T0)
        db.session.commit()
        assert [s.deadline_at - T0 for s in incident.steps] == [timedelta(minutes=10), timedelta(minutes=30),
                                                                timedelta(minutes=120)]
        db.session.remove()
    assert [s.deadline_minutes for s in type_of("children.emergency").steps] == [15, 30, 60]  # this app: defaults


def test_clocks_run_from_when_an_emergency_happened(county, child):
    incident = open_emergency(county, child, at=T0, occurred=T0 - timedelta(minutes=10))
    superiors = incident.steps[0]
    assert superiors.deadline_at == T0 + timedelta(minutes=5)
    assert clock_of(superiors, T0).state == "running"
    assert clock_of(superiors, T0).remaining == timedelta(minutes=5)
    assert clock_of(superiors, T0 + timedelta(minutes=6)).state == "overdue"
    assert incident.opened_at == T0 and incident.occurred_at == T0 - timedelta(minutes=10)


def test_a_step_done_in_time_stops_its_clock_on_time(county, child):
    incident = open_emergency(county, child)
    step = incident.steps[0]
    record_step(county["users"]["vol"], step, told_whom="村主任王书记", means="phone", now=T0 + timedelta(minutes=12))
    db.session.commit()
    later = clock_of(step, T0 + timedelta(hours=5))
    assert later.state == "on_time" and later.stopped
    assert later.remaining == timedelta(minutes=3)  # frozen at the moment it was done
    assert step.minutes_taken == 12 and step.on_time is True


def test_a_step_done_after_its_deadline_is_late(county, child):
    incident = open_emergency(county, child)
    step = incident.steps[1]
    record_step(county["users"]["vol"], step, told_whom="奶奶", means="in_person", now=T0 + timedelta(minutes=45))
    db.session.commit()
    assert clock_of(step, T0 + timedelta(hours=1)).state == "late"
    assert step.minutes_taken == 45 and step.on_time is False


def test_a_step_is_recorded_once_and_never_in_the_future(county, child):
    incident = open_emergency(county, child)
    step = incident.steps[0]
    try:
        record_step(None, step, told_whom="x", means="phone", done_at=T0 + timedelta(hours=1), now=T0)
    except StepRefused as refused:
        assert str(refused) == "future"
    else:
        raise AssertionError("a time in the future was accepted")
    record_step(None, step, told_whom="x", means="phone", now=T0)
    try:
        record_step(None, step, told_whom="y", means="phone", now=T0)
    except StepRefused as refused:
        assert str(refused) == "done"
    else:
        raise AssertionError("a step was recorded twice")


def test_a_step_cannot_be_told_before_the_incident_happened(county, child):
    incident = open_emergency(county, child)
    try:
        record_step(None, incident.steps[0], told_whom="x", means="phone", done_at=T0 - timedelta(minutes=5), now=T0)
    except StepRefused as refused:
        assert str(refused) == "before"
    else:
        raise AssertionError("a time before the incident was accepted")
