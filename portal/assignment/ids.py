"""The engine's ids for portal rows, in one place: ``b<id>`` people, ``v<id>`` volunteers, ``h<id>`` households."""
from __future__ import annotations

PERSON, VOLUNTEER, HOUSEHOLD = "b", "v", "h"


def person_ref(person_id: int) -> str:
    return f"{PERSON}{person_id}"


def volunteer_ref(volunteer_id: int) -> str:
    return f"{VOLUNTEER}{volunteer_id}"


def household_ref(household_id: int) -> str:
    return f"{HOUSEHOLD}{household_id}"


def row_id(ref: str) -> int:
    """The database id inside an engine id (``"b12"`` -> 12)."""
    return int(ref[1:])


def pair_refs(person_id: int, volunteer_id: int) -> list[str]:
    """A (person, volunteer) pair as the engine's ``locked`` and ``forbidden`` lists write it."""
    return [person_ref(person_id), volunteer_ref(volunteer_id)]
