"""Who sees which volunteers: coordinators their area's, staff those offering their group's services."""
from __future__ import annotations

from sqlalchemy import select, true

from ..places.scopes import in_jurisdiction
from ..plugin.manager import current_plugins
from .models import Volunteer, VolunteerService


def visible_volunteers(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(Volunteer.place_id, user)
    if user.role == "staff":  # those who offer one of the group's services
        keys = [s.key for s in current_plugins().services_of(user.group)]
        offers = select(VolunteerService.volunteer_id).where(VolunteerService.service.in_(keys))
        return in_jurisdiction(Volunteer.place_id, user) & Volunteer.id.in_(offers)
    return Volunteer.user_id == user.id


def still_serving(user):
    """A WHERE clause true unless ``user`` is a volunteer who stepped down (paused, left, ended by a coordinator,
    or not yet approved): what a helper may open through their work (duties owned, groups led) asks for it, so
    that access ends with the service, not only when the rows that gave it are recomputed (issue 30). A user
    with no volunteer record (a cadre, a grid worker, a class teacher) is not concerned."""
    return ~select(Volunteer.id).where(Volunteer.user_id == user.id, Volunteer.status != "active").exists()
