"""The escalation sweep under a frozen clock: a step past its deadline is escalated once per level, never twice."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.incidents.escalation import escalate_overdue_steps
from portal.incidents.models import Escalation
from portal.incidents.reporting import close_incident, record_step

from .conftest import T0, open_emergency


class Notifications:
    """A stand-in notification centre: it keeps every call of the overdue hook."""

    def __init__(self):
        self.calls = []

    @hookimpl
    def guanai_on_incident_step_overdue(self, incident, step, level, recipients):
        self.calls.append((incident.id, step.code, level, sorted(u.username for u in recipients)))


@pytest.fixture
def sent(app):
    centre = Notifications()
    app.extensions["guanai"].pm.register(centre, name="test-notifications")
    return centre.calls


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_nothing_is_escalated_before_a_deadline(county, child, sent):
    open_emergency(county, child)
    assert escalate_overdue_steps(at(14)) == []
    assert sent == []


def test_an_overdue_step_tells_the_area_once_however_often_the_sweep_runs(county, child, sent):
    incident = open_emergency(county, child)
    for minute in (16, 17, 20, 25):
        escalate_overdue_steps(at(minute))
    assert sent == [(incident.id, "superiors", 1, ["east"])]  # the township's coordinator, once
    rows = db.session.execute(select(Escalation)).scalars().all()
    assert [(r.level, r.place.code, r.recipients) for r in rows] == [(1, "T1", 1)]


def test_still_open_after_the_set_time_it_goes_to_the_county_once(app, county, child, sent):
    incident = open_emergency(county, child)
    for minute in range(0, 200, 5):
        escalate_overdue_steps(at(minute))
    # Level 1 at each deadline (15, 30, 60); level 2 an hour later (75, 90, 120); each exactly once. Each level
    # tells its coordinators and the group's staff placed there (issue 27: the children's staff sit at the county).
    county_level = ["coord", "kids"]
    assert sent == [(incident.id, "superiors", 1, ["east"]), (incident.id, "guardian", 1, ["east"]),
                    (incident.id, "parents", 1, ["east"]), (incident.id, "superiors", 2, county_level),
                    (incident.id, "guardian", 2, county_level), (incident.id, "parents", 2, county_level)]
    assert len(db.session.execute(select(Escalation)).scalars().all()) == 6
    audited = db.session.execute(select(AuditEntry).where(AuditEntry.action == "escalate")).scalars().all()
    assert sorted(e.after["level"] for e in audited) == [1, 1, 1, 2, 2, 2]


def test_a_late_first_sweep_escalates_both_levels_once(county, child, sent):
    open_emergency(county, child)
    escalate_overdue_steps(at(500))
    escalate_overdue_steps(at(501))
    assert [(code, level) for _, code, level, _ in sent] == [("superiors", 1), ("guardian", 1), ("parents", 1),
                                                            ("superiors", 2), ("guardian", 2), ("parents", 2)]


def test_the_set_time_comes_from_configuration(app, county, child, sent):
    app.config["GUANAI_INCIDENT_ESCALATE_AGAIN_MINUTES"] = 10
    open_emergency(county, child)
    escalate_overdue_steps(at(26))
    assert [(code, level) for _, code, level, _ in sent] == [("superiors", 1), ("superiors", 2)]


def test_done_steps_and_closed_incidents_are_not_escalated(county, child, sent):
    incident = open_emergency(county, child)
    record_step(county["users"]["vol"], incident.steps[0], told_whom="村委会", means="phone", now=at(10))
    db.session.commit()
    escalate_overdue_steps(at(20))
    assert sent == []
    close_incident(county["users"]["east"], incident, outcome="已送医，脱离危险", now=at(25),
                   not_needed={s.id: "监护人已在场" for s in incident.steps[1:]})
    db.session.commit()
    escalate_overdue_steps(at(300))
    assert sent == []


def test_the_incident_page_says_it_was_escalated(client, login, county, child, sent):
    incident = open_emergency(county, child, by="east")
    escalate_overdue_steps(at(100))
    login("east")
    page = client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    assert "已上报至示范县的协调员和工作人员" in page and "已上报至东乡的协调员和工作人员" in page


def test_a_second_claim_on_the_same_step_and_level_is_refused(county, child):
    """Two sweeps at once: the unique (step, level) key lets only one of them record, and so notify."""
    from portal.incidents.escalation import _claim
    incident = open_emergency(county, child)
    step = incident.steps[0]
    assert _claim(step, 1, county["east"], 1, at(20)) is not None
    assert _claim(step, 1, county["east"], 1, at(21)) is None
    assert _claim(step, 2, county["root"], 1, at(80)) is not None
    db.session.commit()
    assert [(e.level, e.at) for e in step.escalations] == [(1, at(20)), (2, at(80))]


def test_the_notification_centre_tells_each_level_once(county, child):
    from portal.notifications.models import Notification
    incident = open_emergency(county, child)
    for minute in (16, 20, 80, 81, 500, 501):
        escalate_overdue_steps(at(minute))
    told = db.session.execute(select(Notification.user_id, Notification.key).where(
        Notification.kind == "incident_step_overdue").order_by(Notification.id)).all()
    east, coord, kids = (county["users"][u].id for u in ("east", "coord", "kids"))
    steps = {s.code: s.id for s in incident.steps}
    assert sorted(told) == sorted([(east, f"incident_step_overdue:{steps[c]}:1") for c in steps] +
                                  [(u, f"incident_step_overdue:{steps[c]}:2") for c in steps for u in (coord, kids)])
    note = db.session.execute(select(Notification).where(Notification.user_id == coord,
                                                         Notification.kind == "incident_step_overdue")).scalars().first()
    assert note.endpoint == "incidents.detail" and note.endpoint_args == {"incident_id": incident.id}


def test_the_sweep_runs_on_the_queue_every_minute(app):
    from portal.plugin.records import PeriodicTask
    tasks = [t for t in app.extensions["guanai"].pm.hook.guanai_get_tasks() for t in t]
    sweep = next(t for t in tasks if t.name == "incidents.escalate")
    assert isinstance(sweep, PeriodicTask) and sweep.period is None and sweep.check_minutes == 1
    assert sweep.fn is escalate_overdue_steps
