"""Keeping guardianship: the services take the actor and plain data, check everything before anything is kept (a
refusal names the field; nothing half-saved), audit, and leave the commit to the caller. Each row keeps the
guardian the ledger names on the day (``guardian.py``), never a name typed again."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.audit import snapshot, write_change
from ..core.refusals import FieldRefused
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from .guardian import guardian_of
from .models import GuardianshipAssessment, InterventionFollowUp, GuardianshipLetter, GuardianTraining
from .photos import store

LEVELS = {"adequate": _l("Guarded well"), "weak": _l("Guarding weak"), "lacking": _l("No effective guardian"),
          "harmed": _l("Harmed by the guardian")}
#: Levels that need an intervention (003: "无人监护或遭受监护侵害的...做好临时监护照料工作。依法开展家庭监护干预工作").
NEEDS_INTERVENTION = ("lacking", "harmed")
INTERVENTIONS = {"counsel": _l("Guardian counselled and warned"), "entrust": _l("Care entrusted to another guardian"),
                 "temporary": _l("Temporary care"), "reported": _l("Reported to civil affairs or the police")}
LABELS = {"guardian": _l("Guardian"), "signed_on": _l("Signed on"), "other_party": _l("Signed with"),
          "photo": _l("Photo of the signed page"), "attended_on": _l("Attended on"), "course": _l("Course"),
          "held_by": _l("Held by"), "assessed_on": _l("Assessed on"), "level": _l("Guardianship"),
          "findings": _l("Findings"), "assessed_by": _l("Assessed by"), "intervention": _l("Intervention"),
          "intervention_note": _l("What is done"), "done_on": _l("Day"), "note": _l("Note"), "closes": _l("Closes it")}


class GuardianshipRefused(FieldRefused):
    """A record that cannot be kept: ``field`` names the field at fault."""

    labels = LABELS


def _text(data: dict, field: str, limit: int, required: bool = True) -> str:
    value = (data.get(field) or "").strip()
    if required and not value:
        raise GuardianshipRefused(field, str(_l("This is needed.")))
    if len(value) > limit:
        raise GuardianshipRefused(field, str(_l("At most %(n)d characters.", n=limit)))
    return value


def _day(data: dict, field: str, person: Beneficiary, not_before: date | None = None) -> date:
    raw = (data.get(field) or "").strip()
    if not raw:
        raise GuardianshipRefused(field, str(_l("Give the day.")))
    try:
        day = date.fromisoformat(raw)
    except ValueError:
        raise GuardianshipRefused(field, str(_l("%(value)s is not a day (YYYY-MM-DD).", value=raw[:20]))) from None
    if day > local_today():
        raise GuardianshipRefused(field, str(_l("The day cannot be after today.")))
    if day < (not_before or person.birth_date):
        raise GuardianshipRefused(field, str(_l("The day cannot be before %(day)s.",
                                                day=(not_before or person.birth_date).isoformat())))
    return day


def _guardian(person: Beneficiary):
    found = guardian_of(person)
    if found is None:
        raise GuardianshipRefused("guardian", str(_l("The ledger names no guardian: give the guardian on the "
                                                     "person's ledger record first.")))
    return found


def add_letter(actor, person: Beneficiary, data: dict, photo: tuple[bytes, str, str] | None = None) -> GuardianshipLetter:
    """The responsibility letter the ledger's guardian signed: the day, the other party, the page's photo (already
    checked, ``photos.checked``); stored only when everything else passed."""
    guardian = _guardian(person)
    signed = _day(data, "signed_on", person)
    other = _text(data, "other_party", 120)
    letter = GuardianshipLetter(beneficiary_id=person.id, guardian_name=guardian.name, guardian_relation=guardian.relation_code[:24],
                    signed_on=signed, other_party=other, recorded_by_id=getattr(actor, "id", None))
    if photo is not None:
        data_bytes, content_type, ext = photo
        letter.photo_name, letter.photo_type = store(data_bytes, ext), content_type
    write_change(actor, "create", "guardianship_letter", letter)
    return letter


def add_training(actor, person: Beneficiary, data: dict, household_too: bool = False) -> list[GuardianTraining]:
    """A training the ledger's guardian attended; with ``household_too``, counted too for the other people of the
    household whose ledger names the same guardian (siblings), as one guardian attends once for all."""
    guardian = _guardian(person)
    day = _day(data, "attended_on", person)
    course = _text(data, "course", 120)
    held_by = _text(data, "held_by", 120, required=False)
    people = [person]
    if household_too and person.household_id is not None:
        people += [p for p in db.session.execute(select(Beneficiary).where(
            Beneficiary.household_id == person.household_id, Beneficiary.id != person.id,
            Beneficiary.status == "active", Beneficiary.group == person.group).order_by(Beneficiary.id)).scalars()
            if (g := guardian_of(p)) is not None and g.name == guardian.name]
    rows = []
    for someone in people:
        row = GuardianTraining(beneficiary_id=someone.id, guardian_name=guardian.name, attended_on=day, course=course,
                       held_by=held_by, recorded_by_id=getattr(actor, "id", None))
        write_change(actor, "create", "guardianship_training", row)
        rows.append(row)
    return rows


def add_assessment(actor, person: Beneficiary, data: dict) -> GuardianshipAssessment:
    """An assessment of how the person is guarded; no effective guardian or harm needs an intervention (003)."""
    day = _day(data, "assessed_on", person)
    level = (data.get("level") or "").strip()
    if level not in LEVELS:
        raise GuardianshipRefused("level", str(_l("Choose how the person is guarded.")))
    findings = _text(data, "findings", 4000)
    intervention = (data.get("intervention") or "").strip()
    if intervention and intervention not in INTERVENTIONS:
        raise GuardianshipRefused("intervention", str(_l("Choose an intervention from the list.")))
    if level in NEEDS_INTERVENTION and not intervention:
        raise GuardianshipRefused("intervention", str(_l("Without an effective guardian, or harmed, the person needs "
                                                         "an intervention (003).")))
    note = _text(data, "intervention_note", 2000, required=bool(intervention))
    guardian = guardian_of(person)
    row = GuardianshipAssessment(beneficiary_id=person.id, guardian_name=guardian.name if guardian else "", assessed_on=day,
                     level=level, findings=findings, assessed_by=_text(data, "assessed_by", 64, required=False),
                     intervention=intervention, intervention_note=note, recorded_by_id=getattr(actor, "id", None))
    write_change(actor, "create", "guardianship_assessment", row)
    return row


def add_follow_up(actor, assessment: GuardianshipAssessment, person: Beneficiary, data: dict) -> InterventionFollowUp:
    """A follow-up of an open intervention, not before the assessment; ``closes`` closes the intervention."""
    if not assessment.intervention or assessment.closed_on is not None:
        raise GuardianshipRefused("intervention", str(_l("Only an open intervention is followed up.")))
    day = _day(data, "done_on", person, not_before=assessment.assessed_on)
    note = _text(data, "note", 4000)
    closes = (data.get("closes") or "") in ("1", "on", "true", "y")
    row = InterventionFollowUp(assessment_id=assessment.id, beneficiary_id=person.id, done_on=day, note=note, closes=closes,
                   recorded_by_id=getattr(actor, "id", None))
    write_change(actor, "create", "guardianship_follow_up", row)
    if closes:
        before = snapshot(assessment)
        assessment.closed_on = day
        write_change(actor, "update", "guardianship_assessment", assessment, before)
    return row
