"""Owners of duties: set by coordinators for a place (the village's area cadre, the grid's worker, the township's
cadre), a school class (its class teacher), or one person and one duty; and the gaps where nobody owns a duty."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import case, delete, func, null, select
from sqlalchemy.orm import aliased, joinedload

from ..auth.models import User
from ..core.audit import record, snapshot, write_change
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from .models import DutyDue, DutyGap, DutyOwner
from .rules import PLACE_OWNERS


class OwnerRefused(ValueError):
    """An owner that cannot be set (a role at the wrong level of the place tree, a class without a name)."""


def assign(actor, role: str, user: User, place: Place | None = None, unit: str | None = None,
           person: Beneficiary | None = None, duty: str | None = None) -> DutyOwner:
    """Make ``user`` the owner of ``role``'s duties for ``place`` / the class ``unit`` / ``person``'s ``duty``,
    in place of whoever owned them. Audited; the caller commits (the due table follows at the commit)."""
    if person is not None:
        if not duty:
            raise OwnerRefused("a person's owner is given for one duty")
        old = select(DutyOwner).where(DutyOwner.beneficiary_id == person.id, DutyOwner.duty == duty)
        row = DutyOwner(role=role, beneficiary_id=person.id, duty=duty, user_id=user.id)
    elif role == "class_teacher":
        unit = (unit or "").strip()
        if not unit:
            raise OwnerRefused("a class teacher is given for a school class")
        old = select(DutyOwner).where(DutyOwner.role == role, DutyOwner.unit == unit,
                                      DutyOwner.beneficiary_id.is_(None))
        row = DutyOwner(role=role, unit=unit, user_id=user.id)
    else:
        level = PLACE_OWNERS.get(role)
        if level is None or place is None or place.level != level:
            raise OwnerRefused(f"{role} is given for a place at the level {level}")
        old = select(DutyOwner).where(DutyOwner.role == role, DutyOwner.place_id == place.id,
                                      DutyOwner.beneficiary_id.is_(None))
        row = DutyOwner(role=role, place_id=place.id, user_id=user.id)
    for previous in db.session.execute(old).scalars():
        release(actor, previous)
    row.assigned_by_id = getattr(actor, "id", None)
    write_change(actor, "assign", "duty_owner", row)
    return row


def release(actor, row: DutyOwner) -> None:
    """The owner gives the duties up (a gap until someone else is given them). Audited; the caller commits."""
    record(actor, "release", "duty_owner", row.id, snapshot(row), None)
    db.session.delete(row)


def owned_by_user(user_id: int) -> list[DutyOwner]:
    """The duties given to one user (for places, classes or people), in a stable order."""
    return list(db.session.execute(select(DutyOwner).where(DutyOwner.user_id == user_id)
                                   .order_by(DutyOwner.id)).scalars())


def release_all(actor, user_id: int) -> int:
    """Release every duty given to ``user_id`` (a helper who stepped down, issue 30): each an audited release,
    each a gap the coordinator sees until someone else is given it. How many; the caller commits."""
    rows = owned_by_user(user_id)
    for row in rows:
        release(actor, row)
    return len(rows)


@dataclass
class Gap:
    """Duties nobody owns: in a village, for a role (at a grid, for a grid worker), with how many households."""

    village_id: int | None
    village: str
    role: str
    place: str
    households: int
    people: int
    duties: int


def gap_count(user) -> int:
    """How many gaps (village, role and grid) :func:`gaps` would list in all."""
    from ..core.scoping import visible
    from .counts import counted
    if counted() and not (user.role != "admin" and user.place is not None and user.place.level == "grid"):
        return db.session.execute(select(func.count()).select_from(DutyGap).where(visible(DutyGap, user))).scalar_one()
    return len(gaps(user))


def gaps(user, limit: int | None = None) -> list[Gap]:
    """The duties with no owner in the user's view, by village and role (and grid, for grid workers): read from the
    gaps kept per village with the due table (``portal.duties.counts``), or counted in the due table when those
    were never written (after the upgrade, before the first refresh) or the user works at a grid."""
    from ..core.scoping import visible
    from .counts import counted
    village, at = aliased(Place), aliased(Place)
    if counted() and not (user.role != "admin" and user.place is not None and user.place.level == "grid"):
        rows = db.session.execute(
            select(DutyGap.village_id, village.name, DutyGap.owner_role, at.name, DutyGap.households, DutyGap.people,
                   DutyGap.duties)
            .outerjoin(village, village.id == DutyGap.village_id).outerjoin(at, at.id == DutyGap.grid_id)
            .where(visible(DutyGap, user))
            .order_by(*([DutyGap.households.desc()] if limit else []), village.name, DutyGap.owner_role, at.name)
            .limit(limit)).all()
    else:
        grid = case((DutyDue.owner_role == "grid_worker", DutyDue.place_id), else_=null())
        rows = db.session.execute(
            select(DutyDue.village_id, village.name, DutyDue.owner_role, at.name,
                   func.count(func.distinct(DutyDue.household_id)), func.count(func.distinct(DutyDue.beneficiary_id)),
                   func.count())
            .outerjoin(village, village.id == DutyDue.village_id).outerjoin(at, at.id == grid)
            .where(DutyDue.owner_id.is_(None), visible(DutyDue, user))
            .group_by(DutyDue.village_id, village.name, DutyDue.owner_role, at.name)
            .order_by(*([func.count(func.distinct(DutyDue.household_id)).desc()] if limit else []),
                      village.name, DutyDue.owner_role, at.name).limit(limit)).all()
    return [Gap(vid, vname or "", role, gname or "", households, people, n)
            for vid, vname, role, gname, households, people, n in rows]


def owners_in(where):
    """The owners a coordinator sees, places first: a SELECT for the page's pager, each owner's user, place and
    person read with it (a county has some 5,000 owners: never listed whole, never a query per row)."""
    return (select(DutyOwner).where(where)
            .options(joinedload(DutyOwner.user), joinedload(DutyOwner.place), joinedload(DutyOwner.person))
            .order_by(DutyOwner.role, DutyOwner.place_id, DutyOwner.unit, DutyOwner.id))


def delete_all_for_user(user_id: int) -> None:
    db.session.execute(delete(DutyOwner).where(DutyOwner.user_id == user_id))
