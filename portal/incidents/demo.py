"""The demo county's part for incidents: the demo volunteer gets someone to look after, to report for."""
from __future__ import annotations

from sqlalchemy import select

from ..assignment.models import Pairing
from ..auth.models import User
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer
from .types import types_of


def pair_demo_volunteer(demo) -> None:
    """Pair the ``volunteer`` account with a person of a group that has incident types, near where they live.

    So that the demo shows the whole path: a paired volunteer reports from the pairings page.
    """
    user = db.session.execute(select(User).filter_by(username="volunteer")).scalar_one_or_none()
    me = db.session.execute(select(Volunteer).filter_by(user_id=user.id)).scalar_one_or_none() if user else None
    if me is None:
        return
    plugins = current_plugins()
    for offered in me.services:
        service = plugins.services.get(offered.service)
        if service is None or service.delivery != "pairing" or not types_of(service.group):
            continue
        person = db.session.execute(select(Beneficiary).where(Beneficiary.group == service.group,
                                                              Beneficiary.status == "active")
                                    .order_by((Beneficiary.place_id != me.place_id), Beneficiary.id)).scalars().first()
        if person is None:
            continue
        role = me.kind if me.kind in service.helper_roles else service.helper_roles[0]
        db.session.add(Pairing(service=service.key, role=role, beneficiary_id=person.id, volunteer_id=me.id,
                               unit=f"b{person.id}", status="active", response="accepted"))
        db.session.flush()
        return
