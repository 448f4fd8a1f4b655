"""Incident fixtures: a child in the east village with a paired volunteer, and a frozen clock."""
from datetime import datetime

import pytest

from ..factories import add_person, add_volunteer

T0 = datetime(2026, 12, 1, 2, 0)  # a fixed UTC moment: 10:00 in Asia/Shanghai


@pytest.fixture
def child(county):
    return add_person("children", county["v_east"], name="李小红")


@pytest.fixture
def paired(county, child):
    """The volunteer user ``vol`` actively paired with the child."""
    from portal.assignment.models import Pairing
    from portal.extensions import db
    volunteer = add_volunteer(county, "张志愿", user=county["users"]["vol"])
    db.session.add(Pairing(service="children.caring_pairing", beneficiary_id=child.id, volunteer_id=volunteer.id,
                           unit=f"b{child.id}", status="active", response="accepted"))
    db.session.commit()
    return volunteer


def open_emergency(county, child, *, by="vol", at=T0, occurred=None):
    """Open a child emergency through the service, committed, as ``by`` at the frozen time ``at``."""
    from portal.extensions import db
    from portal.incidents.reporting import open_incident
    from portal.incidents.types import type_of
    incident = open_incident(county["users"][by], child, type_of("children.emergency"), what="从楼梯上摔下，头部出血",
                             location="家中", occurred_at=occurred or at, now=at)
    db.session.commit()
    return incident
