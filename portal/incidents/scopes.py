"""Who sees which incidents: volunteers those they opened, staff their group's in their area, coordinators their area's."""
from __future__ import annotations

from sqlalchemy import select, true

from ..core.scoping import visible
from ..places.scopes import in_jurisdiction
from .models import Escalation, Incident, IncidentStepRow


def visible_incidents(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(Incident.place_id, user)
    if user.role == "staff":
        return (Incident.group == user.group) & in_jurisdiction(Incident.place_id, user)
    return Incident.opened_by_id == user.id


def visible_steps(user):
    return IncidentStepRow.incident_id.in_(select(Incident.id).where(visible(Incident, user)))


def visible_escalations(user):
    return Escalation.step_id.in_(select(IncidentStepRow.id).where(visible(IncidentStepRow, user)))
