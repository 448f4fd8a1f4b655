"""A volunteer's own data as services: register, update the profile and service capacities, be reviewed.

Functions take the acting user and plain data and leave the commit to the caller.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from flask_login import current_user
from sqlalchemy import select

from ..core.audit import snapshot, write_change
from ..extensions import db
from ..places.models import Place
from .models import Volunteer, VolunteerService

#: The profile fields copied as they are from plain data.
PROFILE_FIELDS = ("name", "phone", "gender", "kind", "travel_km", "availability", "skills")


def current_volunteer() -> Volunteer | None:
    """The volunteer record of the signed-in user, if they have one."""
    return db.session.execute(select(Volunteer).filter_by(user_id=current_user.id)).scalar_one_or_none()


def offered_services(volunteer: Volunteer | None) -> dict[str, int]:
    """Service key -> how many people the volunteer takes for it."""
    return {s.service: s.capacity for s in volunteer.services} if volunteer else {}


def _apply_capacities(volunteer: Volunteer, capacities: dict[str, int]) -> None:
    """Offer the services in ``capacities``; a service dropped keeps the people already paired (no new ones)."""
    current = {s.service: s for s in volunteer.services}
    for key, row in current.items():
        if key not in capacities:
            if row.load:
                row.capacity = row.load
            else:
                volunteer.services.remove(row)
    for key, n in capacities.items():
        if key in current:
            current[key].capacity = max(n, current[key].load)
        else:
            volunteer.services.append(VolunteerService(service=key, capacity=n))


def _apply_profile(volunteer: Volunteer, data: dict[str, Any]) -> None:
    place = db.session.get(Place, data["place_id"])
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(volunteer, name, data[name])
    volunteer.place_id = place.id
    if data.get("lat") is not None and data.get("lon") is not None:
        volunteer.lat, volunteer.lon = data["lat"], data["lon"]
    else:  # derived from the village when not picked
        volunteer.lat, volunteer.lon = place.nearest_coordinates() or (None, None)


def save_volunteer(actor, volunteer: Volunteer, data: dict[str, Any], capacities: dict[str, int]) -> Volunteer:
    """Create or update a volunteer's profile and the services they offer; audited, not committed."""
    before = snapshot(volunteer) if volunteer.id else None
    _apply_profile(volunteer, data)
    _apply_capacities(volunteer, capacities)
    write_change(actor, "update" if before else "create", "volunteer", volunteer, before,
                 extra={"services": {s.service: s.capacity for s in volunteer.services}})
    return volunteer


def review_volunteer(actor, volunteer: Volunteer, approve: bool, check: str, checked_on: date | None,
                     reason: str = "") -> None:
    """Approve (recording the background check) or reject with a reason; audited, not committed."""
    before = snapshot(volunteer)
    if (check, checked_on) != (volunteer.background_check, volunteer.background_checked_on):
        volunteer.background_check_notice = ""  # a renewed check is watched afresh by the expiry sweep
    volunteer.background_check, volunteer.background_checked_on = check, checked_on
    volunteer.status, volunteer.status_reason = ("active", "") if approve else ("rejected", reason.strip())
    write_change(actor, "update", "volunteer", volunteer, before)

