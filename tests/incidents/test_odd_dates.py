"""A time in year 1 (or 9999) on the incident and step forms is a form error naming the field, the form kept,
not a 500 from the conversion of local time to UTC (issue 26's probe)."""
from sqlalchemy import select

from portal.extensions import db
from portal.incidents.models import Incident

from .conftest import open_emergency
from .test_pages import report

TOLD = "请填写 1900 年到 2100 年之间的日期"


def test_an_incident_in_year_1_is_a_form_error(client, login, county, child, paired):
    login("vol")
    for moment in ("0001-01-01T00:00", "9999-12-31T23:59"):
        response = report(client, child, occurred_at=moment)
        page = response.get_data(as_text=True)
        assert response.status_code in (200, 400) and TOLD in page, moment
        assert "摔伤，头部出血" in page  # the form kept
    assert db.session.execute(select(Incident)).first() is None


def test_a_step_told_in_year_1_is_a_form_error(client, login, county, child, paired):
    incident = open_emergency(county, child)
    step = incident.steps[0]
    login("vol")
    response = client.post(f"/incidents/{incident.id}/steps/{step.id}",
                           data={f"s{step.id}-told_whom": "村委会", f"s{step.id}-means": "phone",
                                 f"s{step.id}-done_at": "0001-01-01T00:00"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and TOLD in page and "村委会" in page
    assert db.session.get(type(step), step.id).done_at is None
