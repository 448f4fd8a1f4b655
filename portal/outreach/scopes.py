"""Who sees which messages and deliveries: staff and coordinators by area (staff their own group only)."""
from __future__ import annotations

from sqlalchemy import false, select, true

from ..core.scoping import visible
from ..places.scopes import in_jurisdiction
from .models import OutreachDelivery, OutreachMessage


def visible_messages(user):
    if user.role == "admin":
        return true()
    if user.role == "coordinator":
        return in_jurisdiction(OutreachMessage.place_id, user)
    if user.role == "staff":
        return (OutreachMessage.group == user.group) & in_jurisdiction(OutreachMessage.place_id, user)
    return false()


def visible_deliveries(user):
    return OutreachDelivery.message_id.in_(select(OutreachMessage.id).where(visible(OutreachMessage, user)))


RULES = {OutreachMessage: visible_messages, OutreachDelivery: visible_deliveries}
