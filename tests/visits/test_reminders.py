"""Reminders: a helper before a visit is due and when it is overdue, a coordinator's weekly digest; each sent once."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.visits.models import VisitReminder
from portal.visits.reminders import send_visit_reminders

from .conftest import pair, person


class Recorder:
    """A small plugin standing in for the notification centre: it counts the calls it gets."""

    def __init__(self):
        self.calls = []

    @hookimpl
    def guanai_on_visit_due_soon(self, user, person, rule, due_on):
        self.calls.append(("due_soon", user.username, person.name, rule.code, due_on))

    @hookimpl
    def guanai_on_visit_overdue(self, user, person, rule, due_on, days_overdue):
        self.calls.append(("overdue", user.username, person.name, rule.code, days_overdue))

    @hookimpl
    def guanai_on_overdue_digest(self, user, rows, week_of):
        self.calls.append(("digest", user.username, len(rows), week_of))


@pytest.fixture
def recorder(app):
    plugin = Recorder()
    pm = app.extensions["guanai"].pm
    pm.register(plugin, name="recorder")
    yield plugin
    pm.unregister(name="recorder")


@pytest.mark.clock
def test_each_reminder_is_sent_once(app, county, helper, recorder, now):
    soon = person(county, name="快到期", registered_days_ago=10)
    late = person(county, name="过期了", registered_days_ago=10)
    person(county, place="v_west", name="西边", registered_days_ago=120)
    pair(soon, helper, started_days_ago=58)   # due in 2 days
    pair(late, helper, started_days_ago=65)   # 5 days overdue
    first = send_visit_reminders(now)
    kinds = sorted((c[0], c[2]) for c in recorder.calls if c[0] != "digest")
    assert kinds == [("due_soon", "快到期"), ("overdue", "过期了")]
    assert [c[4] for c in recorder.calls if c[0] == "overdue"] == [5]
    digests = {c[1]: c[2] for c in recorder.calls if c[0] == "digest"}
    assert digests == {"coord": 2, "east": 1, "west": 1}
    assert first == {"due_soon": 1, "overdue": 1, "digest": 3}
    calls = len(recorder.calls)
    assert send_visit_reminders(now + timedelta(hours=1)) == {"due_soon": 0, "overdue": 0, "digest": 0}
    assert len(recorder.calls) == calls
    later = send_visit_reminders(now + timedelta(days=7))
    assert later["digest"] == 3 and later["due_soon"] == 0  # next week's digest; the visit now overdue once
    assert [c[2] for c in recorder.calls if c[0] == "overdue"] == ["过期了", "快到期"]


@pytest.mark.clock
def test_the_remind_command_runs_the_sweep(app, county, helper, recorder):
    late = person(county, name="过期了", registered_days_ago=10)
    pair(late, helper, started_days_ago=65)
    runner = app.test_cli_runner()
    assert "overdue: 1" in runner.invoke(args=["visits", "remind"]).output
    assert "overdue: 0" in runner.invoke(args=["visits", "remind"]).output
    from portal.extensions import db
    assert db.session.execute(select(func.count(VisitReminder.id)).where(VisitReminder.kind == "overdue")).scalar_one() == 1


@pytest.mark.clock
def test_reminders_reach_the_helpers_and_coordinators_bells_once(app, client, county, helper, login, now):
    from portal.notifications.models import Notification
    from portal.visits.hooks import remind_now
    late = person(county, name="过期了", registered_days_ago=10)
    pair(late, helper, started_days_ago=65)
    remind_now()
    remind_now()  # the scheduler may run it again: nobody is told twice
    kinds = db.session.execute(select(Notification.kind, func.count()).group_by(Notification.kind)).all()
    assert dict(kinds)["visit_overdue"] == 1 and dict(kinds)["overdue_digest"] >= 1
    login("vol")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "过期了" in page and "逾期" in page


def test_the_reminder_sweep_is_a_daily_periodic_task(app):
    tasks = {t.name: t for t in app.extensions["guanai"].hook.guanai_get_tasks() for t in t}
    assert tasks["visits.remind"].period == "day"
