"""The coordinator's list: active pairings of a study service with no plan for the current term a month (the
group's ``plan_within_days``) after the term, or the pairing if later, began. One query per group declaring study
rules (a UNION would gain nothing: there is one such group in the shipped plugins), scoped to the user, and the
counts by village in SQL."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import and_, exists, func, select

from ..assignment.models import Pairing
from ..core.scoping import visible
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .models import StudyPlan
from .plans import rules_of, study_services
from .terms import term_of
from ..core.sql import by_pinyin


@dataclass(frozen=True)
class Missing:
    pairing_id: int
    person_id: int
    name: str
    place: str
    helper: str
    service: str
    started_on: date
    term_start: date
    days_late: int


def _conditions(user, today: date):
    """(group, term start, WHERE clause) for each group whose plans are due by ``today``."""
    for group in current_plugins().groups:
        rules = rules_of(group)
        if rules is None or not rules.services:
            continue
        term = term_of(rules, today)
        cutoff = today - timedelta(days=rules.plan_within_days)
        if term.start > cutoff:          # not yet a month into the term: nothing is late
            continue
        no_plan = ~exists().where(StudyPlan.pairing_id == Pairing.id, StudyPlan.term_start == term.start)
        yield rules, term, and_(Pairing.status == "active", Pairing.response != "declined",
                                Pairing.service.in_(sorted(study_services(rules))), Pairing.started_on <= cutoff,
                                Beneficiary.status == "active", visible(Beneficiary, user), no_plan)


def missing_plans(user, today: date | None = None, limit: int = 2000) -> list[Missing]:
    today = today or local_today()
    found: list[Missing] = []
    for rules, term, where in _conditions(user, today):
        rows = db.session.execute(
            select(Pairing.id, Beneficiary.id, Beneficiary.name, Place.name, Volunteer.name, Pairing.service,
                   Pairing.started_on)
            .join(Beneficiary, Beneficiary.id == Pairing.beneficiary_id).join(Place, Place.id == Beneficiary.place_id)
            .join(Volunteer, Volunteer.id == Pairing.volunteer_id).where(where)
            .order_by(by_pinyin(Place.name), by_pinyin(Beneficiary.name), Pairing.id).limit(limit)).all()
        for pid, person_id, name, place, helper, service, started in rows:
            since = max(term.start, started) + timedelta(days=rules.plan_within_days)
            found.append(Missing(pid, person_id, name, place, helper, service, started, term.start,
                                 (today - since).days))
    return found


def missing_counts(user, today: date | None = None) -> list[tuple[str, int]]:
    """How many plans are missing in each village (COUNT ... GROUP BY), most first."""
    today = today or local_today()
    counts: dict[str, int] = {}
    for _rules, _term, where in _conditions(user, today):
        for place, n in db.session.execute(
                select(Place.name, func.count(Pairing.id))
                .join(Beneficiary, Beneficiary.id == Pairing.beneficiary_id).join(Place, Place.id == Beneficiary.place_id)
                .where(where).group_by(Place.name)).all():
            counts[place] = counts.get(place, 0) + n
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
