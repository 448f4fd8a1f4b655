"""When a leader steps down or a member leaves the ledger: the leadership or membership ends with the reason,
audited; a group without a leader is flagged for a new one and the cadres are told (issue 30). Called from this
feature's own hooks (``guanai_on_volunteer_status_changed``, ``guanai_on_person_left``): the volunteers and ledger
features name no group. Services take the actor and plain data; the caller commits.

Seed 001 (篇十五): the members report illness or disaster "向村（社区）、组干部报告" through their leader, so a group
whose leader has gone must not look led.
"""
from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.audit import record, snapshot, write_change
from ..core.time import local_today
from ..extensions import db
from ..plugin.manager import current_plugins
from .models import AidGroup, AidGroupMember

#: The notification kind telling the cadres that a group lost its leader (its sentence in ``params["text"]``).
LEADER_LEFT_NOTICE = "aidgroup_leader_left"


def groups_led_by(volunteer_id: int) -> list[AidGroup]:
    """The active groups a volunteer leads now (leadership not ended)."""
    return list(db.session.execute(select(AidGroup).where(
        AidGroup.leader_id == volunteer_id, AidGroup.status == "active", AidGroup.leader_ended_on.is_(None))
        .order_by(AidGroup.id)).scalars())


def end_leaderships(actor, volunteer, reason: str, day: date | None = None) -> list[AidGroup]:
    """End every leadership of ``volunteer`` (they paused, left or were ended): each group keeps its members and is
    flagged as needing a new leader; audited (``end_leader``) and the cadres of each group are told at once."""
    day = day or local_today()
    groups = groups_led_by(volunteer.id)
    for group in groups:
        before = snapshot(group)
        group.leader_ended_on, group.leader_end_reason = day, (reason or "").strip()[:300]
        write_change(actor, "end_leader", "aid_group", group, before)
    db.session.flush()
    if groups and "notifications" in current_plugins().names():
        _tell_cadres(groups, volunteer.name)
    return groups


def _tell_cadres(groups: list[AidGroup], leader: str) -> None:
    from ..notifications.service import notify
    from .leader import cadres_of
    for group in groups:
        text = _("%(leader)s no longer leads the mutual-aid group of %(village)s (%(n)d members): %(reason)s. "
                 "The group needs a new leader.", leader=leader, village=group.place.name, n=len(group.members),
                 reason=group.leader_end_reason or "—")
        notify(cadres_of(group), LEADER_LEFT_NOTICE, {"text": text}, endpoint="aidgroups.detail",
               endpoint_args={"group_id": group.id}, key=f"aidgroup_leader_left:{group.id}:{group.leader_ended_on}")


def leave_groups(actor, person_id: int, reason: str, day: date) -> int:
    """End ``person_id``'s memberships (they left the ledger, for ``reason`` on ``day``); audited per group as
    ``member_left``. How many ended."""
    rows = list(db.session.execute(select(AidGroupMember).where(
        AidGroupMember.beneficiary_id == person_id, AidGroupMember.left_on.is_(None))).scalars())
    for row in rows:
        row.left_on = max(day, row.since)
        record(actor, "member_left", "aid_group", row.aid_group_id, {"person": person_id},
               {"person": person_id, "reason": reason, "left_on": row.left_on.isoformat()})
    db.session.flush()
    return len(rows)
