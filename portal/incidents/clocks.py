"""Deadline clocks: when a step is due, whether it is running, overdue, done on time or late. ``now`` is injectable."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ..core.time import utcnow
from ..plugin.records import IncidentType


@dataclass(frozen=True)
class Clock:
    """The state of one step's clock at ``now``."""

    deadline_at: datetime
    done_at: datetime | None
    now: datetime
    # The incident closed with this step not done: its clock stopped at the closing (issue 27).
    closed: bool = False

    @property
    def state(self) -> str:
        """``running``, ``overdue``, ``on_time`` (done by the deadline) or ``late`` (done after it)."""
        if self.done_at is not None:
            return "on_time" if self.done_at <= self.deadline_at else "late"
        return "running" if self.now <= self.deadline_at else "overdue"

    @property
    def remaining(self) -> timedelta:
        """Time left until the deadline (negative when overdue); fixed once the step is done."""
        return self.deadline_at - (self.done_at or self.now)

    @property
    def stopped(self) -> bool:
        return self.done_at is not None or self.closed


def clock_start(kind: IncidentType | None, occurred_at: datetime, opened_at: datetime) -> datetime:
    """Deadlines run from when it happened (an emergency) or from when it was reported."""
    return occurred_at if kind is not None and kind.clock_from == "occurred" else opened_at


def clock_of(step, now: datetime | None = None) -> Clock:
    """The step's clock at ``now``; once the incident is closed, every clock stands still at the closing."""
    closed_at = step.incident.closed_at if step.incident.status == "closed" else None
    if closed_at is not None and step.done_at is None:
        return Clock(step.deadline_at, None, closed_at, closed=True)
    return Clock(step.deadline_at, step.done_at, now or utcnow())


def step_started_at(step) -> datetime:
    """The start of a step's clock, from its stored deadline (the type may have changed since)."""
    return step.deadline_at - timedelta(minutes=step.deadline_minutes)


def minutes_between(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def words(delta: timedelta) -> tuple[int, int, int]:
    """A duration as whole days, hours and minutes (its absolute value)."""
    minutes = int(abs(delta).total_seconds() // 60)
    return minutes // 1440, minutes % 1440 // 60, minutes % 60
