"""A volunteer pausing or leaving, or a coordinator ending their service: what will happen, then doing it.

Before confirming, the volunteer (or the coordinator) sees every feature's consequences
(``guanai_get_step_down_consequences``: the pairings that end, the activities they leave). Confirming
changes the status and fires ``guanai_on_volunteer_status_changed``; the features act in that same
transaction (pairings end with the reason, sign-ups are cancelled, the area's coordinators and staff are
told), so the change and its consequences are stored together or not at all. Issue 27.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from flask_babel import gettext as _

from ..core.audit import snapshot, write_change
from ..plugin.manager import current_plugins
from .models import Volunteer

#: The statuses a volunteer may move to from each status, by their own choice (one who left asks a
#: coordinator to come back: their check and services are reviewed again).
OWN_STATUS_CHANGES = {"active": ("paused", "left"), "paused": ("active", "left")}
#: Moves that end pairings and sign-ups, and so are confirmed after a preview.
STEPPING_DOWN = ("paused", "left")


class StatusRefused(ValueError):
    """A status change that is not allowed from the volunteer's current status; the message is for the user."""


@dataclass(frozen=True)
class Consequence:
    """One thing that will happen when a volunteer steps down: a title and one line per item that ends."""

    key: str
    title: str
    items: tuple[str, ...] = field(default_factory=tuple)
    order: int = 50


def consequences(volunteer: Volunteer, status: str) -> list[Consequence]:
    """What every feature will do if ``volunteer`` moves to ``status``, in order; read only."""
    found = [c for c in current_plugins().hook.guanai_get_step_down_consequences(volunteer=volunteer, status=status)
             for c in (c or [])]
    return sorted(found, key=lambda c: (c.order, c.key))


def change_status(actor, volunteer: Volunteer, wanted: str, reason: str = "") -> None:
    """Move ``volunteer`` to ``wanted`` and let the features act; audited, not committed."""
    before = snapshot(volunteer)
    old = volunteer.status
    volunteer.status, volunteer.status_reason = wanted, reason.strip()[:300]
    write_change(actor, "update", "volunteer", volunteer, before)
    if old != wanted:
        current_plugins().hook.guanai_on_volunteer_status_changed(volunteer=volunteer, before=old, after=wanted,
                                                                 reason=volunteer.status_reason, actor=actor)


def change_own_status(actor, volunteer: Volunteer, wanted: str, reason: str = "") -> None:
    """The volunteer's own pause, resume or leave (``OWN_STATUS_CHANGES``); not committed."""
    if wanted not in OWN_STATUS_CHANGES.get(volunteer.status, ()):
        raise StatusRefused(_("This change is not possible from your current status."))
    change_status(actor, volunteer, wanted, reason)


def end_service(actor, volunteer: Volunteer, reason: str) -> None:
    """A coordinator ends a volunteer's service, with a reason: as if they had left; not committed."""
    if volunteer.status not in ("active", "paused", "pending"):
        raise StatusRefused(_("This volunteer is not serving now."))
    if not reason.strip():
        raise StatusRefused(_("Please give the reason."))
    change_status(actor, volunteer, "left", reason)


def cause_of(volunteer: Volunteer, status: str, actor) -> str:
    """Why pairings end, as ``Pairing.end_cause``: "left", "paused" (the volunteer's own choice) or "ended"."""
    own = actor is not None and volunteer.user_id is not None and getattr(actor, "id", None) == volunteer.user_id
    return status if own else "ended"
