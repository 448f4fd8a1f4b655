"""Opening an incident, recording its steps and closing it; every change audited, nothing deleted.

The services take the acting user and plain data and leave the commit to the caller; ``now`` is injectable.
"""
from __future__ import annotations

from datetime import datetime, timedelta

from ..core.audit import snapshot, write_change
from ..core.time import utcnow
from ..plugin.manager import current_plugins
from ..plugin.records import IncidentType
from .clocks import clock_start, minutes_between, step_started_at
from .models import Incident, IncidentStepRow


class StepRefused(ValueError):
    """A step cannot be recorded: the incident is closed, the step done, the time in the future or before it happened."""


class StepsOpen(ValueError):
    """The incident cannot close: these required steps are neither done nor marked not needed with a reason."""

    def __init__(self, steps):
        super().__init__("open")
        self.steps = steps


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
    current_plugins().hook.guanai_on_incident_opened(incident=incident, kind=kind, actor=actor)
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


def add_step_details(actor, step: IncidentStepRow, *, told_whom: str, means: str, note: str = "") -> IncidentStepRow:
    """Fill in who was told, how, and a note for a step already done with one tap; its time stays. Audited."""
    if step.done_at is None:
        raise StepRefused("open")
    before = snapshot(step)
    step.told_whom, step.means, step.note = told_whom, means, note
    write_change(actor, "update", "incident_step", step, before)
    return step


def open_required_steps(incident: Incident) -> list[IncidentStepRow]:
    """The steps the type requires that are not done (a step of a type no longer known counts as required)."""
    from .types import type_of
    kind = type_of(incident.type_key)

    def required(code: str) -> bool:
        step = kind.step(code) if kind else None
        return step.required if step else True
    return [s for s in incident.steps if s.done_at is None and required(s.code)]


def close_incident(actor, incident: Incident, *, outcome: str, follow_up: str = "",
                   not_needed: dict[int, str] | None = None, now: datetime | None = None) -> Incident:
    """Close with an outcome and follow-ups (issue 27): refused (:class:`StepsOpen`) while a required step is open,
    unless ``not_needed`` gives each open one a reason (it is kept as "not needed in this case"). Every clock
    stops at the closing; steps not done stay on record as they are."""
    if incident.status != "open":
        raise StepRefused("closed")
    reasons = {k: v.strip() for k, v in (not_needed or {}).items() if v and v.strip()}
    missing = [s for s in open_required_steps(incident) if s.id not in reasons]
    if missing:
        raise StepsOpen(missing)
    for step in incident.steps:
        if step.done_at is None and step.id in reasons:
            step_before = snapshot(step)
            step.means, step.note, step.done_by_id = "not_needed", reasons[step.id][:500], getattr(actor, "id", None)
            write_change(actor, "update", "incident_step", step, step_before)
    before = snapshot(incident)
    incident.status, incident.outcome, incident.follow_up = "closed", outcome, follow_up
    incident.closed_at, incident.closed_by_id = now or utcnow(), getattr(actor, "id", None)
    write_change(actor, "close", "incident", incident, before)
    return incident
