"""Opening an incident, recording its steps and closing it; every change audited, nothing deleted.

The services take the acting user and plain data and leave the commit to the caller; ``now`` is injectable.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ..core.audit import snapshot, write_change
from ..core.time import utcnow
from ..plugin.records import IncidentType
from .clocks import clock_start, minutes_between, step_started_at
from .models import Incident, IncidentStepRow


class StepRefused(ValueError):
    """A step cannot be recorded: the incident is closed, the step done, the time in the future or before it happened."""


def open_incident(actor, person, kind: IncidentType, *, what: str, location: str = "", problem: str = "",
                  occurred_at: datetime | None = None, now: datetime | None = None) -> Incident:
    """Open an incident of ``kind`` for ``person`` with one step per step of the type, deadlines fixed now.

    Without a ``problem`` the type's own problem type is taken, so that every incident counts for the task team.
    """
    now = now or utcnow()
    occurred_at = min(occurred_at or now, now)
    incident = Incident(type_key=kind.key, group=kind.group, beneficiary_id=person.id, place_id=person.place_id,
                        occurred_at=occurred_at, opened_at=now, location=location, what=what,
                        problem=problem or kind.problem,
                        status="open", opened_by_id=getattr(actor, "id", None))
    start = clock_start(kind, occurred_at, now)
    for position, step in enumerate(kind.steps):
        incident.steps.append(IncidentStepRow(code=step.code, position=position, deadline_minutes=step.deadline_minutes,
                                              deadline_at=start + timedelta(minutes=step.deadline_minutes)))
    write_change(actor, "create", "incident", incident)
    for row in incident.steps:
        write_change(actor, "create", "incident_step", row)
    return incident


def record_step(actor, step: IncidentStepRow, *, told_whom: str, means: str, done_at: datetime | None = None,
                note: str = "", now: datetime | None = None) -> IncidentStepRow:
    """Record a step as done: who was told, by what means, when. Its clock stops."""
    now = now or utcnow()
    done_at = done_at or now
    if step.incident.status != "open":
        raise StepRefused("closed")
    if step.done_at is not None:
        raise StepRefused("done")
    if done_at > now + timedelta(minutes=1):
        raise StepRefused("future")
    if done_at < step.incident.occurred_at:
        raise StepRefused("before")
    before = snapshot(step)
    step.done_at, step.told_whom, step.means, step.note = done_at, told_whom, means, note
    step.done_by_id = getattr(actor, "id", None)
    step.minutes_taken = max(0, minutes_between(step_started_at(step), done_at))
    step.on_time = done_at <= step.deadline_at
    write_change(actor, "update", "incident_step", step, before)
    return step


def close_incident(actor, incident: Incident, *, outcome: str, follow_up: str = "",
                   now: datetime | None = None) -> Incident:
    """Close with an outcome and follow-ups; the steps left open stay on record as they are."""
    if incident.status != "open":
        raise StepRefused("closed")
    before = snapshot(incident)
    incident.status, incident.outcome, incident.follow_up = "closed", outcome, follow_up
    incident.closed_at, incident.closed_by_id = now or utcnow(), getattr(actor, "id", None)
    write_change(actor, "close", "incident", incident, before)
    return incident
