"""Lists: the coordinator's overdue list (scoped, filtered, sorted, paginated), the helper's to-do, counts, the CLI."""
import pytest
from sqlalchemy import select

from portal.core.time import local_today
from portal.extensions import db
from portal.visits.due import overdue

from ..factories import add_volunteer
from .conftest import pair, person, risk, set_risk, visit


def overdue_names(client, query=""):
    page = client.get(f"/visits/overdue{query}")
    assert page.status_code == 200
    return page.get_data(as_text=True)


@pytest.mark.clock
def test_the_overdue_list_is_scoped_and_filtered(client, login, county, helper):
    east = person(county, name="东村娃", registered_days_ago=120)
    west = person(county, place="v_west", name="西村娃", registered_days_ago=120)
    elder = person(county, group="elderly", category="ordinary", name="东村老人", registered_days_ago=120)
    fresh = person(county, name="刚登记", registered_days_ago=3)
    login("east")
    page = overdue_names(client)
    assert "东村娃" in page and "东村老人" in page and "西村娃" not in page and "刚登记" not in page
    login("kids")  # group staff see their group's only
    page = overdue_names(client)
    assert "东村娃" in page and "西村娃" in page and "东村老人" not in page
    login("coord")
    assert "西村娃" not in overdue_names(client, f"?place={county['east'].id}")
    assert "东村娃" not in overdue_names(client, "?group=elderly")
    set_risk(west, "high")
    page = overdue_names(client, "?risk=high")
    assert "西村娃" in page and "东村娃" not in page
    assert overdue_names(client, "?sort=name&page=x&risk=bogus&group=nope").count("<tr>") >= 4
    login("vol")
    assert client.get("/visits/overdue").status_code == 403
    assert east.id and elder.id and fresh.id


@pytest.mark.clock
def test_the_overdue_list_is_paginated_and_sorted_by_due_date(client, login, county):
    for i in range(7):  # the test page size is 5
        person(county, name=f"人{i}", registered_days_ago=100 + i)
    login("coord")
    first = overdue_names(client)
    assert "人6" in first and "人0" not in first  # the longest overdue first
    assert "人0" in overdue_names(client, "?page=2")


@pytest.mark.clock
def test_a_volunteer_sees_only_their_own_people_ordered_by_due_date(client, login, county, helper):
    soon = person(county, name="快到期", registered_days_ago=20)
    later = person(county, name="晚些", registered_days_ago=20)
    not_mine = person(county, name="别人的", registered_days_ago=20)
    pair(soon, helper, started_days_ago=55)
    pair(later, helper, started_days_ago=50)
    pair(not_mine, add_volunteer(county, "别人", services=("children.caring_pairing",)), started_days_ago=70)
    login("vol")
    page = client.get("/me/").get_data(as_text=True).split('id="visits-due"')[1]
    assert page.index("快到期") < page.index("晚些") and "别人的" not in page


@pytest.mark.clock
def test_the_dashboard_counts_overdue_visits_per_village(client, login, county):
    person(county, name="甲", registered_days_ago=120)
    person(county, place="v_west", name="乙", registered_days_ago=120)
    login("coord")
    page = client.get("/").get_data(as_text=True)
    assert 'id="overdue-total">2 ' in page and "东村" in page and "西村" in page
    login("east")
    assert 'id="overdue-total">1 ' in client.get("/").get_data(as_text=True)


@pytest.mark.clock
def test_a_persons_ledger_page_shows_the_next_due_visit(client, login, county, helper):
    child = person(county, name="小红", registered_days_ago=20)
    pair(child, helper, started_days_ago=10)
    visit(child, "caring_family", days=3)
    login("kids")
    page = client.get(f"/g/children/{child.id}").get_data(as_text=True)
    due = local_today().toordinal() - 3 + 60
    from datetime import date
    assert date.fromordinal(due).isoformat() in page and f"/visits/person/{child.id}" in page


def test_staff_set_the_risk_level_and_it_is_audited(client, login, county):
    from portal.core.audit import AuditEntry
    p = person(county, name="小刚")
    login("kids")
    assert client.post(f"/visits/person/{p.id}/risk", data={"level": "high"}).status_code == 302
    assert risk(p).level == "high" and risk(p).since is not None
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "beneficiary")).scalar_one()
    assert entry.after["risk_level"] == "high"
    assert client.post(f"/visits/person/{p.id}/risk", data={"level": "extreme"}).status_code == 302
    assert risk(p).level == "high"
    login("vol")
    assert client.post(f"/visits/person/{p.id}/risk", data={"level": "general"}).status_code == 403


@pytest.mark.clock
def test_the_cli_prints_the_same_overdue_visits_as_the_page(app, client, login, county, helper):
    child = person(county, name="小东", registered_days_ago=20)
    pair(child, helper, started_days_ago=70)
    person(county, place="v_west", name="小西", registered_days_ago=120)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["visits", "overdue"])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == len(overdue()) == 2
    assert any(line.startswith("小东\t东村\t") and line.endswith("\t10\t小志愿") for line in lines)
    east = runner.invoke(args=["visits", "overdue", "--place", "T1", "--group", "children"])
    assert [line.split("\t")[0] for line in east.output.strip().splitlines()] == ["小东"]
    login("coord")
    page = client.get("/visits/overdue").get_data(as_text=True)
    assert all(line.split("\t")[0] in page for line in lines)
    bad = runner.invoke(args=["visits", "overdue", "--place", "nowhere", "--group", "pets"])
    assert bad.exit_code == 2 and "--place" in bad.output and "--group" in bad.output


def test_the_services_page_says_whom_each_visit_rule_is_for(client, login, county):
    login("coord")
    page = client.get("/g/elderly/services").get_data(as_text=True)
    assert "独居" in page and "指导性规定" in page and "重阳节" in page


@pytest.mark.clock
def test_the_helper_picker_lists_the_helpers_unless_there_are_too_many(client, login, county, monkeypatch):
    """A county has thousands of helpers with overdue visits: past ``HELPERS_LISTED`` the picker says how many and
    asks for a place first (the chosen helper stays listed), instead of a page of 530 KB of options."""
    import portal.visits.views as views
    helpers = [add_volunteer(county, name) for name in ("甲帮扶人", "乙帮扶人", "丙帮扶人")]
    for i, h in enumerate(helpers):
        pair(person(county, name=f"娃{i}", registered_days_ago=120), h)
    login("coord")
    page = overdue_names(client)
    assert all(f">{h.name}</option>" in page for h in helpers) and "名帮扶人：请先选择地点" not in page
    monkeypatch.setattr(views, "HELPERS_LISTED", 2)
    page = overdue_names(client)
    assert not any(f">{h.name}</option>" in page for h in helpers) and "共 3 名帮扶人：请先选择地点再选帮扶人" in page
    page = overdue_names(client, f"?helper={helpers[1].id}")
    assert f">{helpers[1].name}</option>" in page and f">{helpers[0].name}</option>" not in page
    assert "娃1" in page and "娃0" not in page       # the filter still applies
