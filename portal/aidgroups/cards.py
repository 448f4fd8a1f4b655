"""The printed group card (through the cards feature's card-type hook): the leader, the members and their
phones, the meeting rhythm and whom to call; one card type per group of the ledger, for its members."""
from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..plugin import CardType, Text
from .models import AidGroup, AidGroupMember

LABELS = {"title": Text("互助组联系卡", "Mutual-aid group card"), "leader": Text("组长", "Leader"),
          "meets": Text("活动", "Meets"), "call": Text("有事请找：", "In need, call:"),
          "none": Text("未加入互助组", "not in a mutual-aid group")}


def _group_of(person):
    return db.session.execute(
        select(AidGroup).join(AidGroupMember).where(AidGroupMember.beneficiary_id == person.id,
                                                    AidGroupMember.left_on.is_(None), AidGroup.status == "active")
    ).scalars().first()


def wants_card(person, profile) -> bool:
    """Every member of an active group gets the card."""
    return _group_of(person) is not None


def card_context(person, profile) -> dict:
    group = _group_of(person)
    return {"t": LABELS, "group": group, "rhythm": _(group.rhythm) if group else ""}


def card_types(groups) -> list[CardType]:
    return [CardType("aidgroup", code, {"zh": "互助组联系卡", "en": "Mutual-aid group card"}, "aidgroups/card.html",
                     wants_card, card_context, size="tall") for code in groups]
