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
    paired_groups = db.session.execute(select(Beneficiary.group).join(Pairing, Pairing.beneficiary_id == Beneficiary.id)
                                       .where(Pairing.volunteer_id == me.id, Pairing.status == "active")).scalars().all()
    if any(types_of(group) for group in paired_groups):
        return  # the demo already pairs them with someone to report for
    for offered in me.services:
        service = plugins.services.get(offered.service)
        if service is None or service.delivery != "pairing" or not types_of(service.group):
            continue
        role = me.kind if me.kind in service.helper_roles else service.helper_roles[0]
        taken = select(Pairing.beneficiary_id).where(Pairing.service == service.key, Pairing.role == role,
                                                     Pairing.status == "active")
        person = db.session.execute(select(Beneficiary).where(Beneficiary.group == service.group,
                                                              Beneficiary.status == "active",
                                                              Beneficiary.id.not_in(taken))
                                    .order_by((Beneficiary.place_id != me.place_id), Beneficiary.id)).scalars().first()
        if person is None:
            continue
        db.session.add(Pairing(service=service.key, role=role, beneficiary_id=person.id, volunteer_id=me.id,
                               unit=f"b{person.id}", status="active", response="accepted"))
        db.session.flush()
        return
