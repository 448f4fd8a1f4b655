"""When a volunteer is free: weekdays by morning, afternoon and evening, ticked on a phone (issue 27), kept as
codes ("mon-am,wed-eve") in ``Volunteer.availability`` and shown in words ("周一上午、周三晚上"). Text typed
before this (a free-text "周末") is shown as it is."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

DAYS = (("mon", _l("Mon")), ("tue", _l("Tue")), ("wed", _l("Wed")), ("thu", _l("Thu")), ("fri", _l("Fri")),
        ("sat", _l("Sat")), ("sun", _l("Sun")))
PARTS = (("am", _l("morning")), ("pm", _l("afternoon")), ("eve", _l("evening")))
CODES = tuple(f"{d}-{p}" for d, _dl in DAYS for p, _pl in PARTS)


def slot_choices() -> list[tuple[str, str]]:
    return [(f"{d}-{p}", f"{dl} {pl}") for d, dl in DAYS for p, pl in PARTS]


def to_codes(stored: str | None) -> list[str]:
    """The slot codes in a stored availability (none for old free text)."""
    parts = [p.strip() for p in (stored or "").split(",") if p.strip()]
    return parts if parts and all(p in CODES for p in parts) else []


def from_codes(codes: list[str]) -> str:
    """The codes chosen, in week order, as stored."""
    return ",".join(c for c in CODES if c in set(codes or ()))


def in_words(stored: str | None) -> str:
    """"周一上午、周三晚上"; old free text as it is; "—" for nothing."""
    codes = to_codes(stored)
    if not codes:
        return stored or "—"
    days, parts = dict(DAYS), dict(PARTS)
    out = []
    for code in codes:
        d, p = code.split("-")
        out.append(f"{days[d]}{parts[p]}")
    return "、".join(out)
