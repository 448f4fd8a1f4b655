"""A person's page: the periodic services they are owed (last received, next due) and the activities they attended."""
from __future__ import annotations

from ..core.time import local_today
from ..web.access import STAFF
from .attendance import activities_of
from .due import person_services


def received_section(person, user) -> dict:
    """What the person received, as the user may see it; the record form only for those who keep the ledger."""
    return {"person": person, "owed": person_services(person), "activities": activities_of(person, user),
            "today": local_today(), "can_record": user.role in STAFF}
