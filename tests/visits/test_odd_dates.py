"""A visit in year 1 is a form error naming the field, the form kept, not a 500 (issue 26's probe)."""
from sqlalchemy import select

from portal.extensions import db
from portal.visits.models import Visit

from .test_log import form

TOLD = "请填写 1900 年到 2100 年之间的日期"


def test_a_visit_in_year_1_is_a_form_error(client, login, county, helper):
    from .conftest import pair, person
    child = person(county, name="小明", registered_days_ago=20)
    pair(child, helper, started_days_ago=70)
    login("vol")
    for extra in ({"visited_at": "0001-01-01T00:00"}, {"parents_contact_on": "0001-01-01"},
                  {"follow_up_what": "送书包", "follow_up_due": "0001-01-01"}):
        response = client.post("/visits/new", data=form(f"{child.id}:caring_family", **extra))
        page = response.get_data(as_text=True)
        assert response.status_code in (200, 400) and TOLD in page and "身体好" in page, extra
    assert db.session.execute(select(Visit)).first() is None


def test_the_audit_logs_filter_ignores_year_1(client, county, login):
    login("admin")
    assert client.get("/admin/audit/?since=0001-01-01&until=9999-12-31").status_code == 200
