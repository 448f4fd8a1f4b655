"""The volunteers' record handed to plugins: a background check that ends soon or has ended
(guanai_on_background_checks_ending). Re-exported by ``portal.plugin``."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class CheckEnding:
    """A volunteer's passed background check the daily sweep found ending: ``stage`` is ``expiring`` (it ends
    within 30 days) or ``expired`` (it has ended and counts as not passed for work with minors until renewed);
    ``user_id`` is the volunteer's account, if any; ``place_id`` where they work; ``expires_on`` the last day;
    ``days_left`` 30 or fewer before, 0 or less once ended.

    Added in PLUGIN_API 5."""

    volunteer_id: int
    name: str
    user_id: int | None
    place_id: int | None
    stage: str
    expires_on: date
    days_left: int


@dataclass(frozen=True)
class FlaggedHelper:
    """A helper whose background check the daily flag sweep found pending or expired while they hold pairings with
    minors (guanai_on_helpers_flagged): ``pairing_ids`` those pairings, ``people`` the names of the people paired,
    ``user_id`` the helper's account if any, ``place_id`` where they work.

    Added in PLUGIN_API 6."""

    volunteer_id: int
    name: str
    user_id: int | None
    place_id: int | None
    pairing_ids: tuple[int, ...]
    people: tuple[str, ...]
