"""The demo county's visits: a year of history, a few people overdue, one high-risk child, a volunteer's list."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from portal.core.time import local_today, to_local
from portal.demo import DEMO_PASSWORD, build_demo_county
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.visits.due import overdue
from portal.visits.models import Visit


@pytest.mark.clock
def test_the_demo_county_has_a_year_of_visits(app, client):
    build_demo_county(seed=7)
    first = db.session.execute(select(func.min(Visit.visited_at))).scalar_one()
    assert to_local(first).date() <= local_today() - timedelta(days=300)
    people = db.session.execute(select(func.count(Beneficiary.id))).scalar_one()
    late = {r.person_id for r in overdue()}
    assert 0 < len(late) < people / 5
    from portal.visits.models import RiskLevel
    high = db.session.execute(select(Beneficiary).join(RiskLevel, RiskLevel.beneficiary_id == Beneficiary.id)
                              .where(RiskLevel.level == "high")).scalars().all()
    assert len(high) == 1 and high[0].id in late
    client.post("/login", data={"username": "volunteer", "password": DEMO_PASSWORD})
    page = client.get("/visits/mine").get_data(as_text=True)
    assert high[0].name in page and page.count("/visits/new?person=") >= 3
