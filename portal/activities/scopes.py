"""Who sees which activities and sign-ups: staff their group's, coordinators their area's, volunteers open ones."""
from __future__ import annotations

from sqlalchemy import select, true

from ..core.scoping import visible
from ..places.scopes import in_jurisdiction
from ..volunteers.models import Volunteer
from .models import Activity, HoursEntry, SignUp


def visible_activities(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(Activity.place_id, user)
    if user.role == "staff":
        return (Activity.group == user.group) & in_jurisdiction(Activity.place_id, user)
    return Activity.status == "open"  # volunteers browse every open activity


def visible_signups(user):
    if user.role == "volunteer":
        return SignUp.volunteer_id.in_(select(Volunteer.id).where(Volunteer.user_id == user.id))
    return SignUp.activity_id.in_(select(Activity.id).where(visible(Activity, user)))


def visible_hours(user):
    """Hours are seen with the volunteer who gave them."""
    return HoursEntry.volunteer_id.in_(select(Volunteer.id).where(visible(Volunteer, user)))
