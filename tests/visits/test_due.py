"""Due dates per rule, per risk level and after a flagged visit, computed in SQL for an area."""
from datetime import timedelta

import pytest

from portal import create_app
from portal.core.time import local_today
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.visits.due import Filters, overdue, schedule
from portal.visits.log import log_visit

from ..factories import add_volunteer
from .conftest import days_ago, pair, person, risk, set_risk, visit


def rows_for(p, **kw):
    return {r.rule.code: r for r in schedule(Beneficiary.id == p.id, **kw)}


@pytest.mark.clock
def test_a_pairing_rule_is_due_its_interval_after_the_pairing_then_after_the_last_visit(app, county, helper):
    child = person(county, registered_days_ago=20)
    pair(child, helper, started_days_ago=70)
    today = local_today()
    rows = rows_for(child)
    assert rows["caring_family"].due == today - timedelta(days=10)  # 60 days after the pairing started
    assert rows["caring_family"].helper == "小志愿"
    assert [r.rule.code for r in overdue(Beneficiary.id == child.id)] == ["caring_family"]
    visit(child, "caring_family", days=5)
    assert rows_for(child)["caring_family"].due == today + timedelta(days=55)
    assert overdue(Beneficiary.id == child.id) == []


@pytest.mark.clock
def test_a_visit_for_another_rule_does_not_count_but_every_visit_counts_for_the_risk_level(app, county, helper):
    child = person(county, registered_days_ago=100)
    pair(child, helper, started_days_ago=70)
    assert {r.rule.code for r in overdue(Beneficiary.id == child.id)} == {"caring_family", "risk"}
    visit(child, "teacher", days=1)
    assert {r.rule.code for r in overdue(Beneficiary.id == child.id)} == {"caring_family"}


def test_rules_apply_by_service_role_and_category(app, county):
    teacher = add_volunteer(county, "老师", services=("children.tutoring",))
    tutor = add_volunteer(county, "辅导员", services=("children.tutoring",))
    taught, tutored = person(county, name="甲"), person(county, name="乙")
    pair(taught, teacher, "children.tutoring", role="teacher")
    pair(tutored, tutor, "children.tutoring", role="volunteer")
    assert set(rows_for(taught)) == {"teacher", "risk"}
    assert set(rows_for(tutored)) == {"love_tutor", "risk"}
    alone = person(county, group="elderly", category="alone", name="独居老人")
    other = person(county, group="elderly", category="ordinary", name="老人")
    assert set(rows_for(alone)) == {"cadre", "risk"}  # no pairing carries the cadre's weekly visit
    assert set(rows_for(other)) == {"risk"}


def test_a_deployment_changes_a_rules_frequency(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/x.sqlite",
                      "GUANAI_GROUP_SETTINGS": {"children": {"visits": {"caring_family": 90}}}})
    rules = {r.code: r.every_days for r in app.extensions["guanai"].visit_rules_tracked("children")}
    assert rules["caring_family"] == 90 and rules["teacher"] == 30
    assert "class_teacher" not in rules  # kept on the school's record card, not tracked here


@pytest.mark.clock
def test_risk_levels_tighten_the_schedule(app, county):
    general, key, high = (person(county, name=n, registered_days_ago=40) for n in ("一般", "重点", "高危"))
    set_risk(key, "key")
    set_risk(high, "high")
    visit(high, days=8)
    due = {p.name: rows_for(p)["risk"].due for p in (general, key, high)}
    today = local_today()
    assert due == {"一般": today + timedelta(days=50), "重点": today - timedelta(days=10),
                   "高危": today - timedelta(days=1)}
    assert {r.name for r in overdue(Beneficiary.id.in_([general.id, key.id, high.id]))} == {"重点", "高危"}
    assert [r.name for r in overdue(filters=Filters(risk="high"))] == ["高危"]


@pytest.mark.clock
def test_a_high_risk_person_is_visited_within_a_day_of_a_major_change(app, county):
    p = person(county)
    visit(p, days=2)
    set_risk(p, "high", days_ago(0, hour=9))
    assert rows_for(p)["risk"].due == local_today() + timedelta(days=1)
    assert overdue(Beneficiary.id == p.id, today=local_today() + timedelta(days=2))
    visit(p, days=0)
    assert rows_for(p)["risk"].due == local_today() + timedelta(days=7)


@pytest.mark.clock
def test_a_visit_flagged_for_close_attention_raises_the_level(app, county):
    p = person(county)
    log_visit(None, p, {"visited_at": days_ago(1), "mode": "home", "close_attention": True, "spoke_to": "奶奶"})
    db.session.commit()
    assert risk(p).level == "key"
    assert rows_for(p)["risk"].due == local_today() + timedelta(days=29)
    log_visit(None, p, {"visited_at": days_ago(0), "mode": "phone", "close_attention": True, "spoke_to": "奶奶"})
    db.session.commit()
    assert risk(p).level == "high"
    assert rows_for(p)["risk"].due == local_today() + timedelta(days=7)


@pytest.mark.clock
def test_the_area_and_group_filters_narrow_the_list(app, county):
    east = person(county, name="东", registered_days_ago=100)
    west = person(county, place="v_west", name="西", registered_days_ago=100)
    old = person(county, group="elderly", name="老", registered_days_ago=100)
    assert {r.name for r in overdue()} >= {"东", "西", "老"}
    assert {r.name for r in overdue(filters=Filters(place=county["east"]))} == {"东", "老"}
    assert {r.name for r in overdue(filters=Filters(group="elderly"))} == {"老"}
    assert east.id and west.id and old.id
