"""The separately packaged group's own tests (困难群众, code needy), written as its author would: only the
fixtures of ``portal.testing`` (the pytest plugin installed with guanai), no conftest of the portal's. They run in
``make test`` with the rest, and on their own from this folder:

    cd tests/hardship_plugin && PYTHONPATH=../../.test-plugins pytest --sqlite-only
"""
import pytest
from sqlalchemy import select

from portal.core.time import local_today, years_before
from portal.ledger.models import Beneficiary
from portal.testing import add_person, make_user


def test_a_coordinator_enters_a_person_of_the_group(client, county, login_as, db_session):
    login_as("coord")
    data = {"name": "孤老张", "gender": "M", "birth_date": "1948-03-02", "place_id": county["v_east"].id,
            "household_id": 0, "category": "wubao", "profile-living": "centralised"}
    assert client.post("/g/needy/new", data=data).status_code == 302
    person = db_session.execute(select(Beneficiary)).scalar_one()
    assert (person.group, person.category) == ("needy", "wubao")
    page = client.get(f"/g/needy/{person.id}").get_data(as_text=True)
    assert "五保户" in page and "集中供养" in page


def test_the_groups_own_staff_keep_its_ledger_and_no_other(client, county, login_as, db_session):
    staff = make_user("needy-staff", "staff", county["root"], group="needy")
    db_session.commit()
    add_person("needy", county["v_west"], name="低保李", category="dibao")
    login_as(staff)
    assert "低保李" in client.get("/g/needy/").get_data(as_text=True)
    assert client.get("/g/children/").status_code == 403


def test_eligibility_is_by_category(app, county):
    plugins = app.extensions["guanai"]
    listed = add_person("needy", county["v_east"], name="有类别", category="wubao")
    unlisted = add_person("needy", county["v_east"], name="无类别")
    assert plugins.eligibility(listed, None).eligible and not plugins.eligibility(unlisted, None).eligible


@pytest.mark.clock  # also from 23:30 UTC, when China is already on the next day
def test_a_person_born_on_this_local_day_is_a_year_older_today(client, county, login_as):
    person = add_person("needy", county["v_east"], name="寿星王", category="wubao",
                        birth=years_before(local_today(), 70))
    login_as("coord")
    assert "70 岁" in client.get(f"/g/needy/{person.id}").get_data(as_text=True)
