"""The demo county's register: some households on 低保 or 特困供养, an old-age allowance for some of those 80 and
over, so that the likely-eligible list shows who is missing (its own random draw: the rest stays the same)."""
from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from sqlalchemy import select

from ..core.time import local_today, years_before
from ..extensions import db
from ..ledger.models import Beneficiary
from .models import AssistanceCase


def populate(demo) -> None:
    rng = random.Random(2905)
    db.session.flush()
    today = local_today()
    people = list(db.session.execute(select(Beneficiary).order_by(Beneficiary.id)).scalars())
    for person in people:
        if person.birth_date <= years_before(today, 80) and rng.random() < 0.5:
            day = today - timedelta(days=rng.randint(60, 900))
            db.session.add(AssistanceCase(beneficiary_id=person.id, programme="old_age", state="paying", applied_on=day,
                                          approved_on=day + timedelta(days=20), amount=Decimal("100.00"),
                                          handled_by="乡镇民政所", next_review=today + timedelta(days=rng.randint(-20, 300))))
        elif rng.random() < 0.08:
            day = today - timedelta(days=rng.randint(60, 900))
            db.session.add(AssistanceCase(beneficiary_id=person.id, programme=rng.choice(["dibao", "dibao", "tekun"]),
                                          state="paying", applied_on=day, approved_on=day + timedelta(days=30),
                                          amount=Decimal(rng.choice(["420.00", "480.00", "560.00"])),
                                          handled_by="乡镇民政所", next_review=today + timedelta(days=rng.randint(-30, 360))))
