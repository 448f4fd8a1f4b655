"""Reviews overdue (issue 29): cases granted and not ended (approved, paying, to review) whose next review day has
passed, scoped to the user, most overdue first, with the counts by programme in SQL."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ..core.scoping import scoped
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place, subtree_ids
from .models import RECEIVING, AssistanceCase
from ..core.sql import by_pinyin


@dataclass(frozen=True)
class OverdueReview:
    case_id: int
    person_id: int
    name: str
    group: str
    place_id: int
    programme: str
    state: str
    next_review: date
    handled_by: str

    def days_overdue(self, today: date) -> int:
        return (today - self.next_review).days


def _overdue(user, today: date, place: Place | None, columns):
    stmt = (scoped(AssistanceCase, user, select(*columns))
            .join(Beneficiary, Beneficiary.id == AssistanceCase.beneficiary_id)
            .where(AssistanceCase.state.in_(RECEIVING), AssistanceCase.next_review < today,
                   Beneficiary.status == "active"))
    if place is not None:
        stmt = stmt.where(Beneficiary.place_id.in_(subtree_ids(place)))
    return stmt


def overdue_reviews(user, *, place: Place | None = None, today: date | None = None,
                    limit: int = 2000) -> list[OverdueReview]:
    today = today or local_today()
    stmt = _overdue(user, today, place, (AssistanceCase.id, Beneficiary.id, Beneficiary.name, Beneficiary.group,
                                         Beneficiary.place_id, AssistanceCase.programme, AssistanceCase.state,
                                         AssistanceCase.next_review, AssistanceCase.handled_by))
    return [OverdueReview(*row) for row in db.session.execute(
        stmt.order_by(AssistanceCase.next_review, by_pinyin(Beneficiary.name), AssistanceCase.id).limit(limit)).all()]


def overdue_counts(user, *, place: Place | None = None, today: date | None = None) -> dict[str, int]:
    """How many reviews are overdue per programme (COUNT ... GROUP BY)."""
    today = today or local_today()
    stmt = _overdue(user, today, place, (AssistanceCase.programme, func.count(AssistanceCase.id)))
    return dict(db.session.execute(stmt.group_by(AssistanceCase.programme)).all())
