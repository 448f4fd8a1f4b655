"""What a batch of cards holds: households, pairings or people of a place, limited to what the user may see."""
from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..assignment.ending import flagged_ids
from ..assignment.models import Pairing
from ..core.scoping import scoped
from ..extensions import db
from ..ledger.models import Beneficiary, Household
from ..places.models import Place, subtree_ids
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from ..core.sql import by_pinyin

#: The most cards one batch prints: a village rarely has more households; a county is split by village.
MAX_BATCH = 2000


#: What a pairing card reads, loaded with the pairings (a statement per relation, not per card).
PAIRING_CARD_ROWS = (selectinload(Pairing.volunteer).selectinload(Volunteer.place),
                     selectinload(Pairing.beneficiary).selectinload(Beneficiary.place),
                     selectinload(Pairing.beneficiary).selectinload(Beneficiary.household))


def households_of(user, place: Place) -> list[Household]:
    """The households of ``place`` and below that the user may see, by head's name."""
    stmt = (scoped(Household, user).where(Household.place_id.in_(subtree_ids(place)))
            .options(selectinload(Household.place)).order_by(by_pinyin(Household.head_name), Household.id).limit(MAX_BATCH))
    return list(db.session.execute(stmt).scalars())


def helpers_of(user, households: list[Household]) -> dict[int, list[tuple[Beneficiary, Volunteer, str, bool]]]:
    """For each household, its active members' active helpers (person, helper, service key, flagged) the user may
    see; flagged: the pairing is with a minor and the helper's background check is pending, failed or expired (the
    pairing list's reader, ``assignment.ending.flagged_ids``; issue 27)."""
    ids = [h.id for h in households]
    if not ids:
        return {}
    stmt = (scoped(Pairing, user).join(Beneficiary, Pairing.beneficiary_id == Beneficiary.id)
            .where(Beneficiary.household_id.in_(ids), Beneficiary.status == "active", Pairing.status == "active")
            .options(selectinload(Pairing.volunteer), selectinload(Pairing.beneficiary))
            .order_by(by_pinyin(Beneficiary.name), Pairing.id))
    pairings = list(db.session.execute(stmt).scalars())
    flags = flagged_ids([p.id for p in pairings])
    out: dict[int, list] = defaultdict(list)
    for p in pairings:
        out[p.beneficiary.household_id].append((p.beneficiary, p.volunteer, p.service, p.id in flags))
    return out


def pairings_of(user, place: Place, group: str | None = None) -> list[Pairing]:
    """The active pairings of people in ``place`` and below (one group's, if given) that the user may see."""
    stmt = (scoped(Pairing, user).join(Beneficiary, Pairing.beneficiary_id == Beneficiary.id)
            .where(Pairing.status == "active", Beneficiary.status == "active",
                   Beneficiary.place_id.in_(subtree_ids(place)))
            .options(*PAIRING_CARD_ROWS).order_by(by_pinyin(Beneficiary.name), Pairing.id).limit(MAX_BATCH))
    if group:
        stmt = stmt.where(Beneficiary.group == group)
    return list(db.session.execute(stmt).scalars())


def people_for_card(user, card_type, place: Place) -> list[tuple[Beneficiary, object]]:
    """The active people of the card's group in ``place`` and below whom the card is for, with their profiles."""
    stmt = (scoped(Beneficiary, user).where(Beneficiary.group == card_type.group, Beneficiary.status == "active",
                                            Beneficiary.place_id.in_(subtree_ids(place)))
            .order_by(by_pinyin(Beneficiary.name), Beneficiary.id).limit(MAX_BATCH))
    people = list(db.session.execute(stmt).scalars())
    profiles = profiles_of(card_type.group, [p.id for p in people])
    return [(p, profiles.get(p.id)) for p in people if card_type.wanted(p, profiles.get(p.id))]


def profiles_of(group: str, ids: list[int]) -> dict[int, object]:
    model = current_plugins().group(group).profile_model
    rows = db.session.execute(select(model).where(model.beneficiary_id.in_(ids))).scalars() if ids else []
    return {row.beneficiary_id: row for row in rows}
