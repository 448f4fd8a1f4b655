"""Readings checked before they are kept: implausible values and impossible dates are refused naming the field,
nothing half-saved; a value outside the group's normal range flags the person."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l

from ..core.audit import snapshot, write_change
from ..core.refusals import FieldRefused
from ..core.time import local_today
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from .models import Reading

KINDS = {"bp": _l("Blood pressure"), "glucose": _l("Blood sugar"), "growth": _l("Height and weight")}
FIELDS = {"bp": ("systolic", "diastolic"), "glucose": ("glucose",), "growth": ("height", "weight")}
LABELS = {"systolic": _l("Systolic pressure (mmHg)"), "diastolic": _l("Diastolic pressure (mmHg)"),
          "glucose": _l("Blood sugar (mmol/L)"), "height": _l("Height (cm)"), "weight": _l("Weight (kg)"),
          "taken_on": _l("Day measured"), "kind": _l("Reading"), "taken_by": _l("Measured by"), "bmi": _l("BMI"),
          "disability_grade": _l("Disability grade"), "doctor_signed_on": _l("Family doctor signed on"),
          "doctor_until": _l("Contract until"), "name": _l("Condition"), "since": _l("Since"),
          "vaccine": _l("Vaccine"), "given_on": _l("Given on"), "what": _l("What was found"),
          "found_on": _l("Found on"), "family_told_on": _l("Family told on"),
          "correction_reason": _l("Why corrected"), "superseded": _l("Corrected"), "corrects_id": _l("Corrects")}
# What a human body can show at all: beyond these a value is a typing slip, never kept (issue 29).
PLAUSIBLE = {"systolic": (50, 300), "diastolic": (30, 200), "glucose": (1.0, 35.0), "height": (40, 250),
             "weight": (2, 300)}


class HealthRefused(FieldRefused):
    """A record that cannot be kept: ``field`` names the field at fault."""

    labels = LABELS


def _number(field: str, raw) -> float:
    try:
        value = float(str(raw).strip())
    except (TypeError, ValueError):
        raise HealthRefused(field, str(_l("Give a number."))) from None
    low, high = PLAUSIBLE[field]
    if not low <= value <= high:
        raise HealthRefused(field, str(_l("%(value)s is not a possible value (from %(low)s to %(high)s).",
                                          value=f"{value:g}", low=low, high=high)))
    return value


def check_day(field: str, day: date | None, person: Beneficiary) -> date:
    """A day of the person's life up to today, or a refusal naming ``field``."""
    if day is None:
        raise HealthRefused(field, str(_l("Give a date.")))
    if day > local_today():
        raise HealthRefused(field, str(_l("The day cannot be in the future.")))
    if day < person.birth_date:
        raise HealthRefused(field, str(_l("The day cannot be before the person was born.")))
    return day


def ranges_for(group: str, person: Beneficiary | None = None, day: date | None = None) -> dict[str, tuple]:
    """The group's normal ranges, with those for the person's sex and age on ``day`` (a child's growth) in place of
    the group's where its rules give them (``HealthRules.by_age``)."""
    rules = current_plugins().health_rules(group)
    ranges = dict(rules.ranges)
    if rules.by_age is not None and person is not None and person.birth_date and day is not None:
        months = (day.year - person.birth_date.year) * 12 + day.month - person.birth_date.month \
            - (day.day < person.birth_date.day)
        if months >= 0:
            ranges.update(rules.by_age(person.gender, months))
    return ranges


def out_of_range(group: str, values: dict[str, float], person: Beneficiary | None = None,
                 day: date | None = None) -> list[str]:
    """The measures outside the normal ranges (``bmi`` from height and weight): the group's, or the person's by age
    and sex on ``day`` where the group's rules give them."""
    ranges = ranges_for(group, person, day)
    values = dict(values)
    if values.get("height") and values.get("weight"):
        values["bmi"] = round(values["weight"] / (values["height"] / 100) ** 2, 1)
    return [m for m, v in values.items() if m in ranges and not ranges[m][0] <= v <= ranges[m][1]]


def parse_day(field: str, raw: str | None) -> date | None:
    if not raw:
        return None
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        raise HealthRefused(field, str(_l("Give a date as YYYY-MM-DD."))) from None


def record_reading(actor, person: Beneficiary, data: dict) -> Reading:
    """Check and add a reading (``kind``, ``taken_on`` and its values as typed); audited, the caller commits."""
    reading = _checked_reading(actor, person, data)
    write_change(actor, "create", "health_reading", reading)
    return reading


def correct_reading(actor, person: Beneficiary, original: Reading, data: dict) -> Reading:
    """Correct a reading typed wrong (issue 29): the values as they should have been, checked as a new reading of
    the same kind, and why. The original is kept, marked superseded (its audit entry says so); the new reading
    names it. Only a reading in force is corrected; the caller commits."""
    if original.superseded:
        raise HealthRefused("kind", str(_l("This reading was already corrected.")))
    reason = (data.get("correction_reason") or "").strip()
    if not reason:
        raise HealthRefused("correction_reason", str(_l("Say why the reading is corrected.")))
    reading = _checked_reading(actor, person, {"taken_by": original.taken_by, "note": original.note, **data,
                                               "kind": original.kind})
    reading.corrects_id, reading.correction_reason = original.id, reason[:300]
    before = snapshot(original)
    original.superseded = True
    write_change(actor, "update", "health_reading", original, before)
    write_change(actor, "create", "health_reading", reading)
    return reading


def _checked_reading(actor, person: Beneficiary, data: dict) -> Reading:
    kind = data.get("kind", "")
    if kind not in FIELDS:
        raise HealthRefused("kind", str(_l("Choose blood pressure, blood sugar or height and weight.")))
    day = check_day("taken_on", parse_day("taken_on", data.get("taken_on")), person)
    values = {field: _number(field, data.get(field)) for field in FIELDS[kind]}
    if kind == "bp" and values["diastolic"] >= values["systolic"]:
        raise HealthRefused("diastolic", str(_l("The diastolic pressure must be lower than the systolic.")))
    flags = out_of_range(person.group, values, person, day)
    reading = Reading(beneficiary_id=person.id, kind=kind, taken_on=day,
                      taken_by=(data.get("taken_by") or getattr(actor, "display_name", "") or "").strip()[:64],
                      note=(data.get("note") or "").strip()[:300], flagged=bool(flags), flags=",".join(flags),
                      recorded_by_id=getattr(actor, "id", None),
                      **{k: (int(v) if k in ("systolic", "diastolic") else v) for k, v in values.items()})
    return reading
