"""The issue's "done when", on the demo county: report, board, escalation to the county, steps done, the CLI."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from portal.assignment.models import Pairing
from portal.auth.models import User
from portal.core.time import local_now, utcnow
from portal.demo import DEMO_PASSWORD, build_demo_county
from portal.extensions import db
from portal.incidents.escalation import escalate_overdue_steps
from portal.incidents.models import Incident
from portal.ledger.models import Beneficiary
from portal.volunteers.models import Volunteer


@pytest.mark.clock
def test_a_demo_volunteer_reports_and_the_county_sees_it_escalate(app, client):
    build_demo_county(seed=7)
    client.post("/login", data={"username": "volunteer", "password": DEMO_PASSWORD})
    child = db.session.execute(
        select(Beneficiary).join(Pairing, Pairing.beneficiary_id == Beneficiary.id).join(Volunteer)
        .join(User, User.id == Volunteer.user_id)
        .where(User.username == "volunteer", Pairing.status == "active", Beneficiary.group == "children")).scalars().first()
    link = f"/incidents/new?person={child.id}"
    assert link in client.get("/me/pairings").get_data(as_text=True)
    opened = client.post(link, data={"kind": "children.emergency", "what": "发高烧，抽搐", "location": "家中",
                                     "occurred_at": (local_now() - timedelta(minutes=20)).strftime("%Y-%m-%dT%H:%M")})
    assert opened.status_code == 302
    incident = db.session.execute(select(Incident)).scalar_one()

    client.post("/login", data={"username": "coordinator", "password": DEMO_PASSWORD})
    board = client.get("/incidents/").get_data(as_text=True)
    assert f'href="/incidents/{incident.id}"' in board and "还剩" in board and "已超时" in board  # 20 minutes on

    made = escalate_overdue_steps(utcnow() + timedelta(minutes=60))
    assert ("superiors", 2) in [(e.step.code, e.level) for e in made]
    assert "已上报至隆回县（示范）的协调员和工作人员" in client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    out = app.test_cli_runner().invoke(args=["incidents", "open"])
    assert f"#{incident.id}\t" in out.output and "overdue: superiors" in out.output

    for step in incident.steps:
        client.post(f"/incidents/{incident.id}/steps/{step.id}",
                    data={f"s{step.id}-told_whom": "村委会", f"s{step.id}-means": "phone"})
    page = client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    assert page.count("data-stopped") == 3 and 'class="record"' not in page  # every clock stopped, no step form
    assert escalate_overdue_steps(utcnow() + timedelta(days=2)) == []
    out = app.test_cli_runner().invoke(args=["incidents", "open"])
    assert f"#{incident.id}\t" in out.output and "overdue:" not in out.output
