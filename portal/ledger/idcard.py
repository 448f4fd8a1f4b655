"""Resident ID-card numbers (GB 11643-1999): the check digit, the birth date inside, and who sees how much."""
from __future__ import annotations

import re
from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_PATTERN = re.compile(r"^\d{17}[\dX]$")


def check_char(first17: str) -> str:
    """The check character for the first 17 digits."""
    return CHECK_CHARS[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def birth_date_of(number: str) -> date | None:
    """The birth date written in positions 7-14, or None when it is no real date."""
    try:
        return date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None


def problem(number: str):
    """Why a number is no valid ID-card number, or None when it is valid."""
    if not _PATTERN.match(number):
        return _l("An ID-card number has 17 digits and a final digit or X.")
    if birth_date_of(number) is None:
        return _l("The birth date inside this ID-card number is not a real date.")
    if check_char(number[:17]) != number[17]:
        return _l("The check digit does not match: please check the number again.")
    return None


def mask(number: str | None) -> str:
    """Show the region code only: positions 7-14 are the birth date the same page shows, and 15-18 with
    it would give the whole number away."""
    if not number:
        return ""
    return number[:6] + "*" * (len(number) - 6)


#: How much of a number a user receives: all of it, the region code only, or that one is recorded.
FULL, PARTIAL, NONE = "full", "partial", "none"


def access(user) -> str:
    """What ``user``'s role may receive of ID-card numbers (``GUANAI_ID_NUMBER_ROLES`` and ``..._PARTIAL_ROLES``)."""
    role = getattr(user, "role", None)
    if role in current_app.config["GUANAI_ID_NUMBER_ROLES"]:
        return FULL
    if role in current_app.config["GUANAI_ID_NUMBER_PARTIAL_ROLES"]:
        return PARTIAL
    return NONE


def shown(number: str | None, user) -> str:
    """A number as ``user`` may see it: whole, masked, or only "recorded"; empty when there is none."""
    if not number:
        return ""
    level = access(user)
    if level == FULL:
        return number
    return mask(number) if level == PARTIAL else str(_l("Recorded"))
