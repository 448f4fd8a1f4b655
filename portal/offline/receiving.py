"""Receiving an item sent from a phone exactly once (issue 31, "each waiting item is sent once").

``receive`` takes the actor and plain data and leaves the commit to the caller: it answers a key already received
from its receipt (``replayed``), checks the form and the person, makes the item through the kind's ``create`` and
adds the receipt to the same transaction. The caller commits; if the commit (or the receipt's flush) meets the
unique key (another request of the same phone got there first), the caller rolls back and answers the receipt
that won with :func:`replay`.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..ledger.models import Beneficiary
from .day import day_people_clause
from .kinds import build_form, offline_kinds
from .models import OfflineReceipt
from .records import OfflineKind, OfflineRefused

KEY_HEADER = "Idempotency-Key"


class BadKey(ValueError):
    """The idempotency key is missing or not a UUID: the message names the header."""


@dataclass
class Outcome:
    """The HTTP status and JSON body to answer."""

    status: int
    body: dict[str, Any] = field(default_factory=dict)


def parse_key(raw: str | None) -> str:
    """The key as stored (a UUID in lower case with dashes), or BadKey naming the header."""
    if not raw or not raw.strip():
        raise BadKey(_("The header %(name)s is missing: each item needs its own key (a UUID).", name=KEY_HEADER))
    try:
        return str(uuid.UUID(raw.strip()))
    except ValueError:
        raise BadKey(_("The header %(name)s is not a UUID.", name=KEY_HEADER)) from None


def receipt_of(user_id: int, key: str) -> OfflineReceipt | None:
    return db.session.execute(select(OfflineReceipt).where(OfflineReceipt.user_id == user_id,
                                                           OfflineReceipt.key == key)).scalar_one_or_none()


def replay(receipt: OfflineReceipt, kind: OfflineKind) -> Outcome:
    """The stored answer again, marked ``replayed``; a key used for another kind is a 400 naming the key."""
    if receipt.kind != kind.name:
        raise BadKey(_("The key in %(name)s was already used for another kind of item.", name=KEY_HEADER))
    return Outcome(200, {**receipt.answer, "replayed": True})


def refused(reason: str, errors: dict[str, list[str]] | None = None) -> Outcome:
    return Outcome(422, {"status": "refused", "reason": str(reason), "errors": errors or {}})


def _form_errors(form) -> dict[str, list[str]]:
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def _person(actor, person_id: int | None) -> Beneficiary:
    """The person of an item, still on the ledger and still in the actor's day, or a refusal in words."""
    if person_id is None:
        raise OfflineRefused(_("Choose the person."), {"person": [_("Choose the person.")]})
    person = db.session.get(Beneficiary, person_id)
    if person is None:
        raise OfflineRefused(_("This person is not in your list."), {"person": [_("Not in your list.")]})
    if person.status != "active":
        day = person.left_on.isoformat() if person.left_on else ""
        reason = (_("%(name)s left the ledger on %(day)s: nothing more is recorded for them.", name=person.name,
                    day=day) if day else
                  _("%(name)s has left the ledger: nothing more is recorded for them.", name=person.name))
        raise OfflineRefused(reason, {"person": [reason]})
    where = day_people_clause(actor)
    mine = where is not None and db.session.execute(
        select(Beneficiary.id).where(Beneficiary.id == person.id, where)).first() is not None
    if not mine:
        ended = (kind.ended(actor, person) for kind in offline_kinds().values() if kind.ended)
        reason = next((str(why) for why in ended if why), None) or _(
            "%(name)s is no longer in your list: the pairing or the duty has ended, or the person is not yours. Ask "
            "your coordinator.", name=person.name)
        raise OfflineRefused(reason, {"person": [reason]})
    return person


def receive(actor, kind: OfflineKind, key: str, formdata, files) -> Outcome:
    """Make the item of ``kind`` from the phone's fields once for ``actor`` and ``key``; the caller commits.

    ``formdata`` is the request's fields and files together (a MultiDict), ``files`` the uploads of ``photos``.
    """
    earlier = receipt_of(actor.id, key)
    if earlier is not None:
        return replay(earlier, kind)
    form = build_form(kind, actor, formdata)
    if not form.validate():
        return refused(_("Some fields need fixing."), _form_errors(form))
    data = {name: value for name, value in form.data.items() if name not in ("photos", "csrf_token")}
    try:
        if kind.for_person:
            data["person"] = _person(actor, data.get("person"))
        row, url = kind.create(actor, data, list(files) if kind.photos else [])
    except OfflineRefused as no:
        return refused(no.reason, no.errors)      # the caller rolls back whatever was begun
    db.session.flush()
    answer = {"status": "done", "kind": kind.name, "id": row.id, "url": url}
    db.session.add(OfflineReceipt(user_id=actor.id, key=key, kind=kind.name, status="done", answer=answer))
    db.session.flush()   # a concurrent twin's receipt stops here (IntegrityError), before anything is committed
    return Outcome(201, {**answer, "replayed": False})


def prune_receipts(period: str | None = None) -> int:
    """The daily sweep: delete receipts older than ``GUANAI_OFFLINE_RECEIPT_DAYS`` (a phone retries an item within
    days, not months; the table would otherwise grow by every item ever sent); commits. How many went."""
    from datetime import timedelta

    from flask import current_app
    from sqlalchemy import delete

    from ..core.time import utcnow
    days = int(current_app.config.get("GUANAI_OFFLINE_RECEIPT_DAYS", 90))
    gone = db.session.execute(delete(OfflineReceipt).where(
        OfflineReceipt.created_at < utcnow() - timedelta(days=days))).rowcount
    db.session.commit()
    return gone
