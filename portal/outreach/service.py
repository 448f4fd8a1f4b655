"""Composing a message for families, checking their numbers, sending by SMS or printing letters, once each.

Seed 003: "致…家长一封信" and "群发手机短信" to the parents of left-behind children; seed 001: contact with the absent
family every month. A message's deliveries are made once per person and relation (a unique key), so composing,
sending or printing again never tells a family twice.
"""
from __future__ import annotations

import re
from typing import Callable

from flask_babel import gettext as _
from sqlalchemy import select

from ..core.audit import record, write_change
from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..ledger.records import profile_of
from ..places.models import Place
from ..plugin.manager import current_plugins
from .channels import ChannelError
from .models import OutreachDelivery, OutreachMessage

#: A mainland mobile number, the only kind an SMS reaches (+86 and separators allowed).
MOBILE = re.compile(r"^(?:\+?86)?1[3-9]\d{9}$")


class OutreachRefused(ValueError):
    """A message that cannot be composed or sent; the message says why."""


def mobile_number(raw: str | None) -> tuple[str, str]:
    """The number an SMS can go to and the problem if none: ``("13812345678", "")``, ``("", "missing")`` or
    ``("", "not_mobile")`` (a landline or a mistyped number: that family gets a letter)."""
    value = re.sub(r"[\s\-()]", "", raw or "")
    if not value:
        return "", "missing"
    if not MOBILE.match(value):
        return "", "not_mobile"
    return value[-11:], ""


def contact_of(group: str, relation: str):
    for contact in current_plugins().family_contacts(group):
        if contact.code == relation:
            return contact
    raise OutreachRefused(_("This group has no such family to tell."))


def people_for(group: str, place: Place, aid_group=None, people: list[int] | None = None):
    """The active people of ``group`` in ``place``, or only the members of a mutual-aid group, or a list."""
    stmt = (select(Beneficiary).join(Place, Beneficiary.place_id == Place.id)
            .where(Beneficiary.group == group, Beneficiary.status == "active", Place.path.startswith(place.path)))
    if aid_group is not None:
        from ..aidgroups.models import AidGroupMember
        stmt = stmt.where(Beneficiary.id.in_(select(AidGroupMember.beneficiary_id).where(
            AidGroupMember.aid_group_id == aid_group.id, AidGroupMember.left_on.is_(None))))
    if people is not None:
        stmt = stmt.where(Beneficiary.id.in_(people))
    return list(db.session.execute(stmt.order_by(Beneficiary.id)).scalars())


def compose(actor, group: str, relation: str, place: Place, title: str, body: str, *,
            aid_group=None, people: list[int] | None = None) -> OutreachMessage:
    """A message for the families of the people chosen, with one delivery per person, its number checked."""
    contact = contact_of(group, relation)
    if not title.strip() or not body.strip():
        raise OutreachRefused(_("Give the message a title and a text."))
    chosen = people_for(group, place, aid_group, people)
    if not chosen:
        raise OutreachRefused(_("Nobody of this group is in the area, group or list chosen."))
    audience = {"aid_group": aid_group.id} if aid_group is not None else ({"people": sorted(people)} if people else {})
    message = OutreachMessage(group=group, relation=relation, place_id=place.id, audience=audience,
                              title=title.strip()[:120], body=body.strip(), created_by_id=getattr(actor, "id", None))
    write_change(actor, "create", "outreach_message", message)
    instead = contact_of(group, contact.instead) if contact.instead else None
    for person in chosen:
        db.session.add(_delivery(message, person, contact, instead, profile_of(group, person.id)))
    db.session.flush()
    return message


def _named(contact, profile) -> tuple[str, str, str]:
    """The name, the mobile number and the number's problem of ``contact`` for one person's profile."""
    phone, problem = mobile_number(getattr(profile, contact.phone, "") if profile is not None else "")
    name = (getattr(profile, contact.name_field, "") or "") if contact.name_field and profile is not None else ""
    return name, phone, problem


def _delivery(message: OutreachMessage, person: Beneficiary, contact, instead, profile) -> OutreachDelivery:
    """One person's delivery: to the relation asked, else (it cannot be told: an orphan's parents, seed 004) to the
    relation the plugin names instead when the profile gives them a name or a number, else to nobody, with why."""
    reason = contact.unreachable(person, profile) if contact.unreachable is not None else None
    if reason is not None:
        found = _named(instead, profile) if instead is not None else ("", "", "missing")
        if instead is None or not (found[0].strip() or found[1]):
            return OutreachDelivery(message_id=message.id, beneficiary_id=person.id, relation=contact.code,
                                    status="no_family", counts_as_contact=False, reason=str(reason)[:200])
        contact = instead
    name, phone, problem = _named(contact, profile)
    return OutreachDelivery(message_id=message.id, beneficiary_id=person.id, relation=contact.code, name=name[:64],
                            phone=phone, problem=problem, status="pending" if phone else "no_number",
                            counts_as_contact=contact.counts_as_contact,
                            reason=str(reason)[:200] if reason is not None else "")


def text_for(message: OutreachMessage, delivery: OutreachDelivery) -> str:
    """The SMS text: the area's name as its signature (as SMS in China must carry), the body with the person's name."""
    body = message.body.replace("{name}", delivery.beneficiary.name)
    return f"【{message.place.name}】{body}"


def send(actor, message: OutreachMessage, *, checkpoint: Callable[[], None] | None = None) -> dict[str, int]:
    """Send every delivery not yet done: by SMS through the installed channel, or marked for a printed letter.

    Retrying is safe: a delivery sent is never sent again, one that failed is tried again, and one cut short
    while sending (``sending``) is not resent blindly but left for staff to check. An SMS cannot be taken back,
    so each delivery's state is written through ``checkpoint`` (the caller's commit) before and after the
    provider is called; without one, the caller commits at the end.
    """
    channel = current_plugins().sms_channel()
    save = checkpoint or db.session.flush
    counts = {"sent": 0, "failed": 0, "to_print": 0, "skipped": 0}
    told = []
    for delivery in list(message.deliveries):
        if delivery.status == "no_family":
            continue  # nobody to tell (listed with the reason on the message's page)
        if delivery.status not in ("pending", "failed"):
            counts["skipped"] += 1
            continue
        if channel is None:
            delivery.channel, delivery.status = "letter", "to_print"
            counts["to_print"] += 1
            continue
        delivery.channel, delivery.status = "sms", "sending"
        delivery.attempts += 1
        save()
        try:
            delivery.provider_ref = str(channel.send(delivery.phone, text_for(message, delivery), delivery.key))[:64]
        except ChannelError as exc:
            delivery.status, delivery.error = "failed", str(exc)[:200]
            counts["failed"] += 1
        else:
            delivery.status, delivery.done_at, delivery.error = "sent", utcnow(), ""
            counts["sent"] += 1
            told.append(delivery)
        save()
    record(actor, "send", "outreach_message", message.id, None, counts)
    if told:
        current_plugins().family_told(told, actor)
    return counts


def letters_printed(actor, message: OutreachMessage) -> int:
    """Mark the letters to print as printed (given to the families): each family told once."""
    told = [d for d in message.deliveries if d.status == "to_print" or (d.status == "no_number")]
    now = utcnow()
    for delivery in told:
        delivery.channel, delivery.status, delivery.done_at = "letter", "printed", now
    record(actor, "print", "outreach_message", message.id, None, {"letters": len(told)})
    if told:
        current_plugins().family_told(told, actor)
    return len(told)


def letters_of(message: OutreachMessage) -> list[OutreachDelivery]:
    """The deliveries a letter goes to: those marked for print, and families without a number (a letter home)."""
    return [d for d in message.deliveries if d.status in ("to_print", "no_number")]
