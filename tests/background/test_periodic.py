"""Periodic tasks: the period key, one claim per period, a dead run's period taken over, a failed run given back."""
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select, update

from portal.core.periodic import PeriodicRun, claim, period_key, run_once_per_period
from portal.core.time import utcnow
from portal.extensions import db
from portal.plugin import PeriodicTask

# The queue's own tests: workers, periodic claims and leases read and write on connections of their own.
pytestmark = pytest.mark.commits


def test_period_keys_are_local_days_and_hours():
    moment = datetime(2026, 12, 1, 23, 30)
    assert period_key("day", moment) == "2026-12-01" and period_key("hour", moment) == "2026-12-01T23"
    with pytest.raises(ValueError):
        period_key("week", moment)


def test_a_period_is_claimed_once_and_taken_over_only_when_its_run_died(app):
    assert claim("x.sweep", "2026-12-01") and not claim("x.sweep", "2026-12-01")
    assert claim("x.sweep", "2026-12-02")  # the next period is a new one
    with db.engine.begin() as conn:  # the first run's worker died two hours ago, before finishing
        conn.execute(update(PeriodicRun.__table__).where(PeriodicRun.period == "2026-12-01")
                     .values(started_at=utcnow() - timedelta(hours=2)))
    assert claim("x.sweep", "2026-12-01") and not claim("x.sweep", "2026-12-01")


def test_a_failed_run_gives_its_period_back_and_a_missed_period_runs_once(app):
    calls = []

    def sweep(period):
        calls.append(period)
        if len(calls) == 1:
            raise RuntimeError("database went away")

    spec = PeriodicTask("x.flaky", sweep)
    with pytest.raises(RuntimeError):
        run_once_per_period(spec)
    assert db.session.execute(select(PeriodicRun)).first() is None
    # the machine was off for days: the next looks run today's period once, not once per missed day
    assert [run_once_per_period(spec) for _ in range(3)] == [True, False, False]
    assert calls == [period_key("day")] * 2


def test_the_queue_commands_show_what_waits_and_run_a_task_by_hand(app):
    runner = app.test_cli_runner()
    assert "0 waiting" in runner.invoke(args=["queue", "status"]).output
    ran = runner.invoke(args=["queue", "run", "volunteers.check_sweep"])
    assert ran.exit_code == 0 and "volunteers.check_sweep: done" in ran.output
    assert db.session.execute(select(PeriodicRun.task)).scalar_one() == "volunteers.check_sweep"
    unknown = runner.invoke(args=["queue", "run", "nothing"])
    assert unknown.exit_code != 0 and "assignment.execute_run" in unknown.output
