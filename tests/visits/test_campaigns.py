"""Holiday visit campaigns: who has been visited for a holiday and who not, from the groups' rules."""
from datetime import date, datetime, time

from portal.core.time import from_local
from portal.extensions import db
from portal.visits.campaigns import campaign, campaign_groups
from portal.visits.holidays import HOLIDAYS
from portal.visits.models import Visit

from .conftest import person


def visit_on(p, day, occasion):
    db.session.add(Visit(beneficiary_id=p.id, visited_at=from_local(datetime.combine(day, time(10))), mode="home",
                         occasion=occasion, findings={}))
    db.session.commit()


def test_campaigns_come_from_the_group_rules():
    assert HOLIDAYS["spring_festival"].day_in(2026) == date(2026, 2, 17)
    assert HOLIDAYS["mothers_day"].day_in(2026) == date(2026, 5, 10)


def test_a_campaign_lists_who_was_visited_for_the_holiday(app, client, login, county):
    assert set(campaign_groups("double_ninth")) == {"elderly"}
    assert "children" in campaign_groups("childrens_day") and "elderly" not in campaign_groups("childrens_day")
    visited, missed, late = (person(county, name=n, group="elderly") for n in ("已探望", "未探望", "太晚"))
    person(county, name="孩子")  # no Double Ninth visits for children
    visit_on(visited, date(2026, 10, 15), "double_ninth")
    visit_on(late, date(2026, 12, 1), "double_ninth")  # outside the campaign's window
    visit_on(missed, date(2026, 10, 18), None)  # a visit, but not the holiday's
    login("coord")
    rows, span = campaign(county["users"]["coord"], HOLIDAYS["double_ninth"], 2026)
    assert {r.person.name: bool(r.visited_at) for r in rows} == {"已探望": True, "未探望": False, "太晚": False}
    page = client.get("/visits/campaigns/double_ninth?year=2026").get_data(as_text=True)
    assert 'id="campaign-counts">1 / 3' in page and "未探望" in page and "已探望" not in page
    assert "已探望" in client.get("/visits/campaigns/double_ninth?year=2026&show=visited").get_data(as_text=True)
    assert client.get("/visits/campaigns/no_such_day").status_code == 404
    login("west")
    assert 'id="campaign-counts">0 / 0' in client.get("/visits/campaigns/double_ninth?year=2026").get_data(as_text=True)


def test_a_birthday_campaign_is_by_month(app, county):
    may = person(county, name="五月生", birth=date(2016, 5, 20))
    person(county, name="六月生", birth=date(2016, 6, 2))
    visit_on(may, date(2026, 5, 20), "birthday")
    rows, span = campaign(county["users"]["coord"], HOLIDAYS["birthday"], 2026, month=5)
    assert span == (date(2026, 5, 1), date(2026, 5, 31))
    assert [(r.person.name, bool(r.visited_at)) for r in rows] == [("五月生", True)]
