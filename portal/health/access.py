"""Which parts of a health file a user sees: the group's staff and coordinators all of it; a helper paired with the
person what the pairing needs (readings, chronic conditions, allergies and medicines), never the disability,
the family-doctor contract, vaccinations or illnesses; anyone else nothing (the scope rule gives a 404)."""
from __future__ import annotations

from ..web.access import STAFF as KEEPERS
HELPER_PARTS = frozenset({"readings", "conditions", "care"})
ALL_PARTS = HELPER_PARTS | {"facts", "vaccinations", "illnesses"}


def parts_for(user) -> frozenset[str]:
    """The parts of a file (of a person the user may see) shown to ``user``."""
    return ALL_PARTS if user.role in KEEPERS else HELPER_PARTS


def may_edit(user) -> bool:
    """Facts, conditions, vaccinations and illnesses are kept by staff and coordinators; helpers add readings."""
    return user.role in KEEPERS


def may_correct(user, reading) -> bool:
    """A reading in force is corrected by staff and coordinators, or by whoever recorded it (a helper's slip)."""
    return not reading.superseded and (user.role in KEEPERS or reading.recorded_by_id == getattr(user, "id", None))
