"""The demo county's record of what people received: past health-check sessions with who came, and services
given one by one, so that some people are due, some overdue and some covered (its own random draw: the rest of
the county stays the same)."""
from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from ..activities.models import Activity
from ..core.time import from_local, local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from .models import Participation, ServiceRecord


def populate(demo) -> None:
    rng = random.Random(29)
    db.session.flush()
    today = local_today()
    for service in current_plugins().periodic_services():
        stmt = select(Beneficiary).where(Beneficiary.group == service.group, Beneficiary.status == "active")
        if service.applies is not None:
            stmt = stmt.where(service.applies())
        people = list(db.session.execute(stmt.order_by(Beneficiary.id)).scalars())
        if not people:
            continue
        if service.activities:  # one past session per township, with about half of its people ticked
            _past_session(rng, service, people, today)
        for person in people:
            if rng.random() < 0.5:
                months = (service.every_months or 12) + 3
                day = today - timedelta(days=rng.randint(20, 30 * months))
                if day >= person.birth_date:
                    db.session.add(ServiceRecord(beneficiary_id=person.id, service=service.key, day=day,
                                                 note="示范记录"))


def _past_session(rng: random.Random, service, people: list[Beneficiary], today) -> None:
    code = service.activities[0]
    key = f"{service.group}.{code}"
    if key not in current_plugins().services:
        return
    townships = list(db.session.execute(select(Place).where(Place.level == "township").order_by(Place.id)).scalars())
    for township in townships:
        day = today - timedelta(days=rng.randint(40, 150))
        start = from_local(datetime.combine(day, time(9)))
        activity = Activity(service=key, group=service.group, title=f"{current_plugins().services[key].names['zh']}（已举办）",
                            starts_at=start, ends_at=start + timedelta(hours=3), place_id=township.id,
                            location=f"{township.name}卫生院", volunteer_slots=3, beneficiary_slots=40,
                            description="示范活动", status="closed")
        db.session.add(activity)
        db.session.flush()
        here = [p for p in people if p.place.path.startswith(township.path)]
        for person in rng.sample(here, k=min(len(here), 15)):
            db.session.add(Participation(activity_id=activity.id, beneficiary_id=person.id))
            db.session.add(ServiceRecord(beneficiary_id=person.id, service=service.key, day=day,
                                         activity_id=activity.id))
