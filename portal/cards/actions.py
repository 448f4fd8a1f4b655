"""The cards' buttons on other features' pages: a person's cards on the ledger page, a helper's on My pairings."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from ..assignment.models import Pairing
from ..core.scoping import scoped
from ..extensions import db
from ..plugin.manager import current_plugins
from ..plugin.records import Action
from ..volunteers.models import Volunteer
from ..web.access import STAFF


def person_actions(person, user) -> list[Action]:
    """The household's contact card, the group's own cards, and a card per active pairing in the user's view."""
    if user.role not in STAFF:
        return []
    found = []
    if person.household_id:
        found.append(Action(_("Contact card"), url_for("cards.household", household_id=person.household_id), order=20))
    for card in current_plugins().card_types().values():
        if card.group == person.group:
            found.append(Action(card.name, url_for("cards.person", person_id=person.id, key=card.key), order=21))
    rows = db.session.execute(scoped(Pairing, user).where(Pairing.beneficiary_id == person.id,
                                                          Pairing.status == "active").order_by(Pairing.id)
                              .add_columns(select(Volunteer.name).where(Volunteer.id == Pairing.volunteer_id)
                                           .scalar_subquery())).all()
    for pairing, helper in rows:
        found.append(Action(f"{_('Pairing card')} · {helper}", url_for("cards.pairing", pairing_id=pairing.id),
                            order=22))
    return found


def pairing_actions(pairing, user) -> list[Action]:
    """On a helper's pairing they accepted: its pairing card and the policy card of the person's group."""
    if pairing.response == "pending" or pairing.status != "active":
        return []
    return [Action(_("Print the pairing card"), url_for("cards.pairing", pairing_id=pairing.id), order=20),
            Action(_("Policy card"), url_for("cards.pairing_policy", pairing_id=pairing.id), order=21)]
