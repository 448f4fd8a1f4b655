"""The register of a household (issue 29: "a register per person or household"): the programmes its members hold
together, as the user sees them. The members are the ledger's (any group sharing the household: a grandmother and
her grandchildren); a programme granted to one member (低保 is granted to the household, 001 篇十七, 003) shows once
per member who holds it, with the amounts a month summed in SQL."""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import case, func, select

from ..core.scoping import scoped, visible
from ..extensions import db
from ..ledger.models import Beneficiary, Household
from .likely import LikelyRow, likely_eligible
from .models import RECEIVING, AssistanceCase


@dataclass(frozen=True)
class HeldTogether:
    programme: str
    members: int          # members with a case of it, in any state
    receiving: int        # members receiving it now (approved, paying, to review)
    amount: Decimal       # their amounts a month, summed


def members_of(household: Household, user) -> list[Beneficiary]:
    """The household's members the user sees, eldest first (any group; those who left the ledger too)."""
    return list(db.session.execute(scoped(Beneficiary, user).where(Beneficiary.household_id == household.id)
                                   .order_by(Beneficiary.birth_date, Beneficiary.id)).scalars())


def cases_of(household: Household, user) -> list[AssistanceCase]:
    """Every case of the household's members the user sees, by member then newest first."""
    return list(db.session.execute(
        scoped(AssistanceCase, user).join(Beneficiary, Beneficiary.id == AssistanceCase.beneficiary_id)
        .where(Beneficiary.household_id == household.id)
        .order_by(Beneficiary.birth_date, Beneficiary.id, AssistanceCase.id.desc())).scalars())


def held_together(household: Household, user) -> list[HeldTogether]:
    """Per programme: the members with a case of it, those receiving it, and their monthly amounts, in SQL."""
    receiving = AssistanceCase.state.in_(RECEIVING)
    stmt = (select(AssistanceCase.programme, func.count(func.distinct(AssistanceCase.beneficiary_id)),
                   func.count(func.distinct(case((receiving, AssistanceCase.beneficiary_id)))),
                   func.sum(case((receiving, AssistanceCase.amount), else_=0)))
            .join(Beneficiary, Beneficiary.id == AssistanceCase.beneficiary_id)
            .where(Beneficiary.household_id == household.id, visible(AssistanceCase, user),
                   visible(Beneficiary, user))
            .group_by(AssistanceCase.programme).order_by(AssistanceCase.programme))
    return [HeldTogether(p, int(n), int(r), Decimal(a or 0).quantize(Decimal("0.01")))
            for p, n, r, a in db.session.execute(stmt).all()]


def likely_in(household: Household, user) -> list[LikelyRow]:
    """Members likely eligible for a programme and not applied (one query over the hints for the household)."""
    return likely_eligible(user, household_id=household.id)
