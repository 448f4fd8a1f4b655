"""Policy cards (政策明白卡): written by a group's staff for their area, handed to helpers (004)."""
from __future__ import annotations

from sqlalchemy import select

from ..core.audit import snapshot, write_change
from ..extensions import db
from ..places.models import Place
from .models import PolicyCard
from .scopes import ancestor_ids


def policy_card_for(group: str, place: Place) -> PolicyCard | None:
    """The group's policy card for ``place``: its own, else the nearest place above's."""
    chain = ancestor_ids(place)
    rows = db.session.execute(select(PolicyCard).where(PolicyCard.group == group,
                                                       PolicyCard.place_id.in_(chain))).scalars().all()
    return max(rows, key=lambda c: chain.index(c.place_id), default=None)


def own_policy_card(group: str, place: Place) -> PolicyCard | None:
    return db.session.execute(select(PolicyCard).where(PolicyCard.group == group, PolicyCard.place_id == place.id)
                              ).scalar_one_or_none()


def save_policy_card(actor, group: str, place: Place, data: dict) -> PolicyCard:
    """Write the group's card for ``place`` from ``title``, ``policies`` and ``contacts``; audited, not committed."""
    card = own_policy_card(group, place)
    before = snapshot(card) if card else None
    if card is None:
        card = PolicyCard(group=group, place_id=place.id)
    card.title, card.policies, card.contacts = data["title"], data.get("policies") or "", data.get("contacts") or ""
    write_change(actor, "update" if before else "create", "policy_card", card, before)
    return card
