"""Applications and grants kept in the register: checked, audited; the caller commits."""
from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l

from ..core.audit import snapshot, write_change
from ..core.refusals import FieldRefused
from ..core.time import local_today
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from .models import STATES, AssistanceCase

LABELS = {"programme": _l("Programme"), "state": _l("State"), "applied_on": _l("Applied on"),
          "approved_on": _l("Approved on"), "ended_on": _l("Ended on"), "amount": _l("Amount (yuan)"),
          "next_review": _l("Next review"), "handled_by": _l("Handled by"), "note": _l("Note"),
          "person": _l("Person")}
STATE_NAMES = {"likely": _l("Likely eligible"), "applied": _l("Applied"), "approved": _l("Approved"),
               "paying": _l("Paying"), "review": _l("To review"), "ended": _l("Ended")}


class CaseRefused(FieldRefused):
    """A case that cannot be kept: ``field`` names the field at fault."""

    labels = LABELS


def _day(field: str, raw, person: Beneficiary, *, past: bool = True) -> date | None:
    if raw in (None, ""):
        return None
    try:
        day = raw if isinstance(raw, date) else date.fromisoformat(str(raw).strip()[:10])
    except ValueError:
        raise CaseRefused(field, str(_l("Give a date as YYYY-MM-DD."))) from None
    if past and day > local_today():
        raise CaseRefused(field, str(_l("The day cannot be in the future.")))
    if day < person.birth_date:
        raise CaseRefused(field, str(_l("The day cannot be before the person was born.")))
    return day


def checked(person: Beneficiary, data: dict) -> dict:
    """The case's fields from ``data`` (as typed), or a refusal naming the field."""
    programme = (data.get("programme") or "").strip()
    if programme not in current_plugins().assistance_programmes():
        raise CaseRefused("programme", str(_l("Choose a programme of the register.")))
    state = (data.get("state") or "").strip()
    if state not in STATES:
        raise CaseRefused("state", str(_l("Choose a state.")))
    applied, approved = _day("applied_on", data.get("applied_on"), person), _day("approved_on", data.get("approved_on"), person)
    ended = _day("ended_on", data.get("ended_on"), person)
    review = _day("next_review", data.get("next_review"), person, past=False)
    if state != "likely" and applied is None and state == "applied":
        raise CaseRefused("applied_on", str(_l("Give the day of the application.")))
    if state in ("approved", "paying", "review") and approved is None:
        raise CaseRefused("approved_on", str(_l("Give the day it was approved.")))
    if state == "ended" and ended is None:
        raise CaseRefused("ended_on", str(_l("Give the day it ended.")))
    if applied and approved and approved < applied:
        raise CaseRefused("approved_on", str(_l("It cannot be approved before it was applied for.")))
    if ended and (approved or applied) and ended < (approved or applied):
        raise CaseRefused("ended_on", str(_l("It cannot end before it began.")))
    amount = None
    if str(data.get("amount") or "").strip():
        try:
            amount = Decimal(str(data["amount"]).strip())
        except InvalidOperation:
            raise CaseRefused("amount", str(_l("Give an amount in yuan."))) from None
        if not Decimal(0) <= amount < Decimal(1000000):
            raise CaseRefused("amount", str(_l("Give an amount in yuan."))) from None
        amount = amount.quantize(Decimal("0.01"))
    return {"programme": programme, "state": state, "applied_on": applied, "approved_on": approved, "ended_on": ended,
            "next_review": review, "amount": amount, "handled_by": (data.get("handled_by") or "").strip()[:64],
            "note": (data.get("note") or "").strip()[:300]}


def save_case(actor, person: Beneficiary, data: dict, case: AssistanceCase | None = None) -> AssistanceCase:
    """Add a case for ``person``, or change ``case``; checked and audited; the caller commits."""
    fields = checked(person, data)
    before = _snapshot(case) if case is not None else None
    case = case or AssistanceCase(beneficiary_id=person.id, recorded_by_id=getattr(actor, "id", None))
    for name, value in fields.items():
        setattr(case, name, value)
    write_change(actor, "update" if before else "create", "assistance_case", case, before, leave_out=("amount",),
                 extra={"amount": _yuan(case.amount)})
    return case


def _yuan(amount: Decimal | None) -> str | None:
    return None if amount is None else str(amount)


def _snapshot(case: AssistanceCase) -> dict:
    """The audit snapshot: the amount as text (JSON has no decimals)."""
    return {**snapshot(case, leave_out=("amount",)), "amount": _yuan(case.amount)}
