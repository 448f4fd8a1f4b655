"""The rules of a ledger record, one set for the ledger form, the record service, its batch and the import.

Every way into the ledger (the form, ``save_record``, ``save_records`` and the spreadsheet import's preview)
checks a record with these functions and says the same words (issue 27, "One rule set"): the phone
(a mobile, or a landline with its area code), the date of birth (not in the future, not before 1900), the
ID-card number (check digit, the birth date inside it), and the group's rule, which a record may break only
on an explicit confirmation with a reason, kept in its notes (issue 26, "Rules live in services").

Plain functions of plain values; nothing here reads the database.
"""
from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from ..core.time import local_today
from . import idcard

#: No one in a ledger was born earlier; an earlier date is a typo.
EARLIEST_BIRTH = date(1900, 1, 1)
#: A mainland mobile (11 digits from 13 to 19, +86 allowed) or a landline with its area code (0731-1234567).
PHONE_PATTERN = re.compile(r"^(?:(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|0\d{2,3}[\s-]?\d{7,8})$")
PHONE_MESSAGE = _l("Enter a mobile number (11 digits) or a landline with its area code, e.g. 0731-1234567.")
GENDERS = ("M", "F")
#: The longest texts a record keeps (the columns' lengths).
TEXT_LIMITS = {"name": 64, "address": 200, "living_situation": 200}


def phone_problem(value: str | None):
    """Why a phone number is refused, or None (an empty one is no phone, and fine)."""
    if value and not PHONE_PATTERN.match(value.strip()):
        return PHONE_MESSAGE
    return None


_PHONE_PARTS = re.compile(r"[；;，,、/]+")
_PHONE_LABEL = re.compile(r"^[^\d+]*[：:]\s*")


def phones_problem(text: str | None):
    """Why a field of several phones ("父亲：13700001111；母亲：0731-1234567", as an import joins them) is
    refused, or None: each number, after its label, by the phone rule."""
    for part in _PHONE_PARTS.split(text or ""):
        number = _PHONE_LABEL.sub("", part.strip())
        if (part.strip() and not number) or phone_problem(number):
            return PHONE_MESSAGE
    return None


def birth_date_problem(day: date | None, today: date | None = None):
    """Why a date of birth is refused, or None: not in the future (the local date), not before 1900."""
    if day is None:
        return None
    if day > (today or local_today()):
        return _l("The date of birth cannot be in the future.")
    if day < EARLIEST_BIRTH:
        return _l("The date of birth cannot be before 1900.")
    return None


def id_number_problem(number: str | None, birth: date | None = None):
    """Why an ID-card number is refused, or None: its form and check digit, then the date of birth it holds."""
    if not number:
        return None
    problem = idcard.problem(number)
    if problem:
        return problem
    if birth is not None and idcard.birth_date_of(number) != birth:
        return BIRTH_DIFFERS
    return None


BIRTH_DIFFERS = _l("The birth date in the ID-card number differs from the date of birth.")
KEPT_BIRTH_DIFFERS = _l("The date of birth differs from the one in the recorded ID-card number.")


def record_problems(data: dict[str, Any], today: date | None = None) -> dict[str, Any]:
    """Every rule a record's plain data breaks, as {field: message}; empty when it may be saved.

    ``data`` is what :func:`portal.ledger.records.save_record` takes; a field left out is not checked (an
    ID-card number the user may not see keeps its value and is checked against the birth date elsewhere).
    """
    problems: dict[str, Any] = {}
    if not (data.get("name") or "").strip():
        problems["name"] = _l("Every person needs a name.")
    for name, limit in TEXT_LIMITS.items():
        if len(data.get(name) or "") > limit:
            problems[name] = _l("At most %(n)s characters.", n=limit)
    if data.get("gender") not in GENDERS:
        problems["gender"] = _l("Choose 男 or 女.")
    birth = data.get("birth_date")
    if birth is None:
        problems["birth_date"] = _l("Give the date of birth.")
    elif problem := birth_date_problem(birth, today):
        problems["birth_date"] = problem
    if problem := phone_problem(data.get("phone")):
        problems["phone"] = problem
    if problem := id_number_problem(data.get("id_number"), birth):
        problems["id_number"] = problem
    return problems


class OutsideRules(Exception):
    """A record the group's rule does not admit, saved without a confirmed reason; ``verdict`` says why.

    The record service raises it as a :class:`portal.ledger.records.RecordRefused` (``OutsideRulesRefused``),
    so every caller that rolls back a refused record rolls this one back too.
    """


def outside_message(verdict) -> str:
    """The refusal's words: the group's rule and why the person falls outside it."""
    reasons = "；".join(str(r) for r in verdict.reasons)
    return _("Outside the group's rules (%(reasons)s): give a reason to save anyway.", reasons=reasons)


def outside_note(reason: str, today: date | None = None) -> str:
    """The line a record saved outside its group's rule keeps in its notes."""
    return f"{today or local_today()}: " + _("Saved outside the group's rules: %(reason)s", reason=reason)


def with_note(notes: str | None, line: str) -> str:
    return ((notes or "") + "\n" + line).strip()


def asks_confirmation(was_in: bool, verdict) -> bool:
    """Whether a save must be confirmed with a reason: a new record, or a save that takes a person outside
    the rule. A record already outside it (being completed) is not asked again at every save."""
    return was_in and verdict is not None and not verdict.eligible


def default_service_keys(group: str, category: str | None) -> list[str]:
    """The services a person of ``group`` and ``category`` needs by the group's rules, as service keys."""
    from ..plugin.manager import current_plugins
    return current_plugins().default_services(group, category)


def services_after(group: str, given: list[str] | None, category: str | None, *, creating: bool,
                   old_category: str | None = None, old_services: list[str] | None = None) -> list[str]:
    """The services a record needs after a save (issue 27): on create, those given and the category's
    defaults; on a category change, the old category's defaults give way to the new one's (what staff
    added or removed by hand stays); otherwise as given. In the group's order of services, no repeats."""
    chosen = list(dict.fromkeys(given or []))
    if creating:
        chosen += default_service_keys(group, category)
    elif category != old_category:
        old_defaults = set(default_service_keys(group, old_category))
        chosen = [s for s in chosen if s not in old_defaults or s not in (old_services or [])]
        chosen += default_service_keys(group, category)
    return list(dict.fromkeys(chosen))
