"""The demo county's health files: a year of blood-pressure readings for some people aged 55 and over, of every
group (a few high, so flagged),
a few chronic conditions and family-doctor contracts (its own random draw: the rest of the county stays the same)."""
from __future__ import annotations

import random
from datetime import timedelta

from sqlalchemy import select

from ..core.time import local_today, years_before
from ..extensions import db
from ..ledger.models import Beneficiary
from .models import Condition, HealthFacts, Reading
from .readings import out_of_range


def populate(demo) -> None:
    rng = random.Random(2903)
    db.session.flush()
    today = local_today()
    elders = list(db.session.execute(select(Beneficiary).where(Beneficiary.birth_date <= years_before(today, 55))
                                     .order_by(Beneficiary.id)).scalars())
    for person in elders[::3]:
        high = rng.random() < 0.3
        for months_ago in (10, 7, 4, 1):
            systolic = rng.randint(145, 170) if high else rng.randint(110, 135)
            values = {"systolic": systolic, "diastolic": rng.randint(65, 85 if not high else 98)}
            flags = out_of_range(person.group, values)
            db.session.add(Reading(beneficiary_id=person.id, kind="bp", taken_on=today - timedelta(days=30 * months_ago),
                                   taken_by="村卫生室", flagged=bool(flags), flags=",".join(flags), **values))
        if high:
            db.session.add(Condition(beneficiary_id=person.id, name="高血压", managed_by="乡镇卫生院"))
        signed = rng.random() < 0.7
        db.session.add(HealthFacts(beneficiary_id=person.id, doctor="乡镇卫生院家庭医生团队" if signed else "",
                                   doctor_signed_on=today - timedelta(days=rng.randint(30, 300)) if signed else None,
                                   medicines="降压药（每日一次）" if high else ""))
