"""The elderly plugin's printed card: the lost-elder card (防走失卡), carried by people who may wander."""
from __future__ import annotations

from portal.plugin import CardType, Text

LABELS = {
    "title": Text("防走失卡", "Lost-elder card"),
    "lost": Text("我可能迷路了，请帮我联系：", "I may be lost. Please call:"),
    "photo": Text("照片", "Photo"),
    "name": Text("姓名", "Name"),
    "home": Text("住址", "Home"),
    "blood": Text("血型", "Blood type"),
    "conditions": Text("疾病", "Conditions"),
    "allergies": Text("过敏", "Allergies"),
    "unknown": Text("不详", "unknown"),
    "none": Text("未登记", "not recorded"),
}


def wants_card(person, profile) -> bool:
    """People with dementia, or recorded as tending to wander, carry the card."""
    return person.category == "dementia" or bool(profile is not None and profile.wanders)


def card_context(person, profile) -> dict:
    return {"t": LABELS, "household_phone": person.household.phone if person.household else None}


LOST_CARD = CardType("lost", "elderly", {"zh": "防走失卡", "en": "Lost-elder card"}, "elderly/lost_card.html",
                     wants_card, card_context, size="wallet")
