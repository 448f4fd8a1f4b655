"""Demo people in extreme hardship: 40 across the county's households, most living dispersed, a few households
watched against falling back into poverty (its own random draw, so the rest of the county stays the same)."""
from __future__ import annotations

import random
from datetime import timedelta

from portal.core.time import local_today


def populate(demo, count: int = 40) -> None:
    from sqlalchemy import select

    from portal.extensions import db
    from portal.volunteers.models import Volunteer, VolunteerService

    from .models import HardshipProfile
    # Neighbours who take on the four ones: every tenth volunteer after the demo account's own.
    for volunteer in db.session.execute(select(Volunteer).order_by(Volunteer.id)).scalars().all()[1::10]:
        db.session.add(VolunteerService(volunteer_id=volunteer.id, service="hardship.four_ones", capacity=3))
    own, shared = random.Random(4002), demo.rng
    demo.rng = own  # demo.add_person draws from demo.rng: lend it ours, so the other groups' draws are unchanged
    try:
        for i in range(count):
            household = demo.households[(i * 13 + 5) % len(demo.households)]
            kind = own.choice(["wubao", "guagu", "dibao", "dibao", "disabled", "watched"])
            age = own.randint(45, 88) if kind != "watched" else own.randint(30, 70)
            dispersed = own.random() < 0.85
            person = demo.add_person("hardship", household, gender=own.choice("FM"), age=age, category=kind,
                                     needs=["care"], services=["four_ones"] if dispersed else [],
                                     living_situation="分散供养" if dispersed else "集中供养（乡镇敬老院）")
            demo.add(HardshipProfile(
                beneficiary_id=person.id, living="dispersed" if dispersed else "centralised",
                widowed=kind == "guagu" and own.random() < 0.6, childless=kind in ("wubao", "guagu"),
                dibao=kind == "dibao", wubao=kind == "wubao", disabled=kind == "disabled",
                watch=own.choice(["unstable", "marginal", "sudden"]) if kind == "watched" else "none",
                watch_reason=own.choice(["illness", "schooling", "disability", "disaster"]) if kind == "watched" else "",
                watched_since=local_today() - timedelta(days=own.randint(30, 400)) if kind == "watched" else None,
                income_note=own.choice(["低保金", "特困供养金", "务农", "临时救助"])))
    finally:
        demo.rng = shared
