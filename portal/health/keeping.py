"""The parts of a health file staff and coordinators keep: facts, chronic conditions, vaccinations, illnesses."""
from __future__ import annotations

from sqlalchemy import select

from flask_babel import lazy_gettext as _l

from ..core.audit import snapshot, write_change
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from .models import Condition, HealthFacts, Illness, Vaccination
from .readings import HealthRefused, check_day, parse_day


def facts_of(person: Beneficiary) -> HealthFacts | None:
    return db.session.execute(select(HealthFacts).where(HealthFacts.beneficiary_id == person.id)).scalar_one_or_none()


def save_facts(actor, person: Beneficiary, data: dict) -> HealthFacts:
    """Set the disability and grade, the family-doctor contract, allergies and medicines; audited."""
    grade = (data.get("disability_grade") or "").strip()
    if grade and grade not in ("1", "2", "3", "4"):
        raise HealthRefused("disability_grade", str(_l("A disability grade is 1 to 4.")))
    signed = parse_day("doctor_signed_on", data.get("doctor_signed_on"))
    if signed is not None:
        check_day("doctor_signed_on", signed, person)
    until = parse_day("doctor_until", data.get("doctor_until"))
    if until is not None and signed is not None and until < signed:
        raise HealthRefused("doctor_until", str(_l("The contract cannot end before it was signed.")))
    facts = facts_of(person)
    before = snapshot(facts) if facts else None
    facts = facts or HealthFacts(beneficiary_id=person.id)
    facts.disability = (data.get("disability") or "").strip()[:64]
    facts.disability_grade = int(grade) if grade else None
    facts.doctor = (data.get("doctor") or "").strip()[:64]
    facts.doctor_signed_on, facts.doctor_until = signed, until
    facts.allergies = (data.get("allergies") or "").strip()[:300]
    facts.medicines = (data.get("medicines") or "").strip()[:300]
    write_change(actor, "update" if before else "create", "health_facts", facts, before)
    return facts


def add_condition(actor, person: Beneficiary, data: dict) -> Condition:
    name = (data.get("name") or "").strip()[:64]
    if not name:
        raise HealthRefused("name", str(_l("Name the condition.")))
    since = parse_day("since", data.get("since"))
    if since is not None:
        check_day("since", since, person)
    row = Condition(beneficiary_id=person.id, name=name, since=since, managed_by=(data.get("managed_by") or "")[:64],
                    note=(data.get("note") or "").strip()[:300], recorded_by_id=getattr(actor, "id", None))
    write_change(actor, "create", "health_condition", row)
    return row


def add_vaccination(actor, person: Beneficiary, data: dict) -> Vaccination:
    vaccine = (data.get("vaccine") or "").strip()[:64]
    if not vaccine:
        raise HealthRefused("vaccine", str(_l("Name the vaccine.")))
    day = check_day("given_on", parse_day("given_on", data.get("given_on")), person)
    row = Vaccination(beneficiary_id=person.id, vaccine=vaccine, dose=(data.get("dose") or "").strip()[:16],
                      given_on=day, recorded_by_id=getattr(actor, "id", None))
    write_change(actor, "create", "health_vaccination", row)
    return row


def add_illness(actor, person: Beneficiary, data: dict) -> Illness:
    """An illness found; where the group asks it (children, 003) it says when and how the family was told."""
    what = (data.get("what") or "").strip()
    if not what:
        raise HealthRefused("what", str(_l("Say what was found.")))
    found = check_day("found_on", parse_day("found_on", data.get("found_on")), person)
    told = parse_day("family_told_on", data.get("family_told_on"))
    how = (data.get("family_told_how") or "").strip()[:64]
    if current_plugins().health_rules(person.group).tell_family and (told is None or not how):
        raise HealthRefused("family_told_on", str(_l("Say when and how the parents were told (003).")))
    if told is not None:
        check_day("family_told_on", told, person)
        if told < found:
            raise HealthRefused("family_told_on", str(_l("The family cannot be told before the illness was found.")))
    row = Illness(beneficiary_id=person.id, found_on=found, what=what[:2000], family_told_on=told, family_told_how=how,
                  treatment=(data.get("treatment") or "").strip()[:300], recorded_by_id=getattr(actor, "id", None))
    write_change(actor, "create", "health_illness", row)
    return row
