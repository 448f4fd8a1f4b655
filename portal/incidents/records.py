"""The incidents' records a group plugin hands over: its incident types and their steps (guanai_get_incident_types).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..core.records import Named, service_key
from ..core.texts import pick


@dataclass(frozen=True)
class IncidentStep(Named):
    """One step of an incident: whom to tell, within how many minutes of the incident's clock start."""

    code: str
    names: dict[str, str]
    deadline_minutes: int
    tell: dict[str, str] = field(default_factory=dict)  # who is told, in words (police, the guardian, ...)
    # The contact role this step calls, if it is a call ("police", "ambulance", "hotline", "federation_hotline",
    # or a place's "cadre", "civil_affairs", ...): the page offers its number as a tap-to-call link and the
    # step is done with one tap ("called 110 at 14:05"), details filled in later (issue 27).
    call: str = ""
    # A required step must be done, or marked "not needed" with a reason, before the incident can close.
    required: bool = True

    @property
    def whom(self) -> str:
        return pick(self.tell) if self.tell else ""


@dataclass(frozen=True)
class IncidentType(Named):
    """A kind of incident of one group (an emergency, a mandatory report, ...) with its steps and deadlines.

    ``clock_from`` is ``"occurred"`` when the deadlines run from when it happened (an emergency), else
    ``"opened"`` (from when it was reported in the portal). ``triggers`` list what obliges a report;
    ``problem`` is the task team's problem type (004) an incident of this type gets unless the reporter picks one.
    ``calls`` orders the numbers shown to call now; ``urgent`` types tell the area as soon as they are opened.
    """

    code: str
    group: str
    names: dict[str, str]
    steps: tuple[IncidentStep, ...]
    clock_from: str = "opened"
    triggers: tuple[Any, ...] = ()
    hotline: str = ""
    source: str = ""
    problem: str = ""
    # The contact roles to call first, in order, on the incident page (a missing child: the police first).
    calls: tuple[str, ...] = ()
    # Urgent types are announced to the area's coordinators and staff the moment they are opened, by email
    # (and a plugin's SMS channel) as well as the bell.
    urgent: bool = False

    @property
    def key(self) -> str:
        return service_key(self.group, self.code)

    def step(self, code: str) -> IncidentStep | None:
        return next((s for s in self.steps if s.code == code), None)
