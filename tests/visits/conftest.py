"""Visit fixtures: people paired with helpers, registered some days ago, and visits made some days ago."""
from datetime import datetime, time, timedelta

import pytest

from portal.core.time import from_local, local_today, utcnow
from portal.extensions import db

from ..factories import add_person, add_volunteer


def days_ago(n: int, hour: int = 10) -> datetime:
    """A stored (UTC) time ``n`` local days ago at ``hour``."""
    return from_local(datetime.combine(local_today() - timedelta(days=n), time(hour)))


def person(county, group="children", place="v_east", registered_days_ago=200, risk_level=None, **kw):
    p = add_person(group, county[place], created_at=days_ago(registered_days_ago), **kw)
    if risk_level is not None:
        set_risk(p, risk_level)
    return p


def set_risk(p, level: str, since: datetime | None = None) -> None:
    """Put ``p`` at risk ``level`` (changed ``since``) as the visits' table keeps it, without an audit entry."""
    from portal.visits.models import RiskLevel
    db.session.merge(RiskLevel(beneficiary_id=p.id, level=level, since=since))
    db.session.commit()


def risk(p):
    """``p``'s risk level row as the pages read it (level, since)."""
    from portal.visits.log import risk_of
    return risk_of(p)


def pair(p, volunteer, service="children.caring_pairing", role="volunteer", started_days_ago=100):
    from portal.assignment.models import Pairing
    row = Pairing(service=service, role=role, beneficiary_id=p.id, volunteer_id=volunteer.id, unit=f"b{p.id}",
                  status="active", response="accepted", started_on=local_today() - timedelta(days=started_days_ago))
    db.session.add(row)
    db.session.commit()
    return row


def visit(p, rule=None, days=0, occasion=None, **kw):
    from portal.visits.models import Visit
    v = Visit(beneficiary_id=p.id, rule=rule, visited_at=days_ago(days), mode="home", occasion=occasion,
              findings={}, **kw)
    db.session.add(v)
    db.session.commit()
    return v


@pytest.fixture
def helper(county):
    """The volunteer signed in as ``vol``."""
    return add_volunteer(county, "小志愿", user=county["users"]["vol"], services=("children.caring_pairing",))


@pytest.fixture
def now():
    return utcnow()
