"""The coordinator's lists, in SQL and scoped: people whose guardian (as the ledger names them now) has signed no
responsibility letter or attended no training this calendar year, or whom the ledger gives no guardian, with the
counts by village; and the interventions still open with their last follow-up."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, case, exists, func, literal, or_, select, union_all

from ..core.scoping import scoped, visible
from ..core.time import local_today
from sqlalchemy.orm import aliased

from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from .guardian import name_column, profile_model, rules_of
from .models import GuardianshipAssessment, InterventionFollowUp, GuardianshipLetter, GuardianTraining
from ..core.sql import by_pinyin


@dataclass(frozen=True)
class Gap:
    person_id: int
    group: str
    name: str
    place: str
    guardian: str
    letter: bool
    training: bool


def _queries(user, today: date, place: Place | None = None):
    """For each group with guardianship rules: (columns, FROM and WHERE) as a select builder; only the people of
    ``place`` and below when given."""
    year_start = date(today.year, 1, 1)
    for group in current_plugins().groups:
        rules = rules_of(group)
        if rules is None:
            continue
        model = profile_model(rules)
        guardian = func.coalesce(func.trim(name_column(rules)), "")
        letter = exists().where(GuardianshipLetter.beneficiary_id == Beneficiary.id, GuardianshipLetter.guardian_name == guardian)
        training = (exists().where(GuardianTraining.beneficiary_id == Beneficiary.id, GuardianTraining.guardian_name == guardian,
                                   GuardianTraining.attended_on >= year_start)
                    if rules.training_yearly else literal(True))
        where = and_(Beneficiary.group == group, Beneficiary.status == "active", visible(Beneficiary, user),
                     or_(guardian == "", ~letter, ~training) if rules.training_yearly else or_(guardian == "", ~letter))
        if place is not None:
            where = and_(where, Beneficiary.place_id.in_(subtree_ids(place)))

        def build(*columns, model=model, where=where):
            return (select(*columns).select_from(Beneficiary)
                    .join(model, model.beneficiary_id == Beneficiary.id, isouter=True)
                    .join(Place, Place.id == Beneficiary.place_id).where(where))
        yield group, guardian, letter, training, build


def gaps(user, today: date | None = None, limit: int = 2000, place: Place | None = None) -> list[Gap]:
    today = today or local_today()
    found: list[Gap] = []
    for group, guardian, letter, training, build in _queries(user, today, place):
        rows = db.session.execute(build(Beneficiary.id, Beneficiary.name, Place.name, guardian, letter, training)
                                  .order_by(by_pinyin(Place.name), by_pinyin(Beneficiary.name), Beneficiary.id).limit(limit)).all()
        found += [Gap(pid, group, name, place, g, bool(has_letter) and bool(g), bool(has_training) and bool(g))
                  for pid, name, place, g, has_letter, has_training in rows]
    return found


def gaps_page(user, place: Place | None, number: int, per_page: int, today: date | None = None) -> list[Gap]:
    """One page of the gaps of every group (of ``place`` and below when given), by village and name in pinyin
    order, read by the database in one statement (a county lists tens of thousands: issue 32)."""
    today = today or local_today()
    parts = [build(literal(group).label("grp"), Beneficiary.id.label("pid"), Beneficiary.name.label("name"),
                   Place.name.label("place"), guardian.label("guardian"), letter.label("letter"),
                   training.label("training"))
             for group, guardian, letter, training, build in _queries(user, today, place)]
    if not parts:
        return []
    rows = union_all(*parts).subquery()
    stmt = (select(rows).order_by(by_pinyin(rows.c.place), by_pinyin(rows.c.name), rows.c.pid)
            .limit(per_page).offset((number - 1) * per_page))
    return [Gap(r.pid, r.grp, r.name, r.place, r.guardian, bool(r.letter) and bool(r.guardian),
                bool(r.training) and bool(r.guardian)) for r in db.session.execute(stmt)]


def gap_counts(user, today: date | None = None, place: Place | None = None,
               by_township: bool = False) -> list[tuple[str, int, int, int]]:
    """(village, people listed, without a letter, without training this year), most first, counted in SQL; per
    township (the village's parent) when ``by_township`` (a county's 1,500 villages made a 96 KB table)."""
    today = today or local_today()
    counts: dict[str, list[int]] = {}
    township = aliased(Place)
    for _group, guardian, letter, training, build in _queries(user, today, place):
        no_letter = func.sum(case((or_(guardian == "", ~letter), 1), else_=0))
        no_training = func.sum(case((or_(guardian == "", ~training), 1), else_=0))
        name = township.name if by_township else Place.name
        stmt = build(name, func.count(Beneficiary.id), no_letter, no_training)
        if by_township:
            stmt = stmt.join(township, township.id == Place.parent_id)
        for place, n, a, b in db.session.execute(stmt.group_by(name)).all():
            row = counts.setdefault(place, [0, 0, 0])
            row[0], row[1], row[2] = row[0] + n, row[1] + int(a or 0), row[2] + int(b or 0)
    return sorted(((p, *c) for p, c in counts.items()), key=lambda r: (-r[1], r[0]))


def open_interventions(user, limit: int = 500, place: Place | None = None
                       ) -> list[tuple[GuardianshipAssessment, str, str, date | None]]:
    """Interventions not closed: (assessment, person's name, village, last follow-up day), oldest first; only
    of ``place`` and below when given."""
    last = (select(func.max(InterventionFollowUp.done_on)).where(InterventionFollowUp.assessment_id == GuardianshipAssessment.id)
            .correlate(GuardianshipAssessment).scalar_subquery())
    stmt = (scoped(GuardianshipAssessment, user, select(GuardianshipAssessment, Beneficiary.name, Place.name, last))
            .join(Beneficiary, Beneficiary.id == GuardianshipAssessment.beneficiary_id).join(Place, Place.id == Beneficiary.place_id)
            .where(GuardianshipAssessment.intervention != "", GuardianshipAssessment.closed_on.is_(None)))
    if place is not None:
        stmt = stmt.where(Beneficiary.place_id.in_(subtree_ids(place)))
    return [tuple(r) for r in db.session.execute(
        stmt.order_by(GuardianshipAssessment.assessed_on, GuardianshipAssessment.id).limit(limit)).all()]
