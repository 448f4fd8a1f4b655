"""Study plans and the progress archive (issue 29 part 6; seeds 000 line 17 and 001 lines 20 and 74: "制定学习帮扶计划，
明确帮扶时间、内容和阶段性效果 ... 建立进步档案"; 000 line 21: "期末写好总结"): a plan per tutoring pairing and term,
progress entries by the helper or staff, the summary, the printable archive, the coordinator's list of plans
missing a month into the term, refusals naming the field, and who sees what."""
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from portal.assignment.models import Pairing
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db
from portal.study.missing import missing_counts, missing_plans
from portal.study.models import ProgressEntry, StudyPlan
from portal.study.plans import rules_of
from portal.study.terms import term_of

from ..factories import add_person, add_volunteer

pytestmark = pytest.mark.usefixtures("children_first")


@pytest.fixture
def children_first(staff_groups):
    """The county's "kids" staff user works the children's ledger (the group that keeps study plans)."""
    assert staff_groups["kids"] == "children"


def _child(county, name="小明", place="v_east"):
    return add_person("children", county[place], name=name, birth=date(2014, 5, 1))


def _tutor(county, person, user=None, started=None, service="children.tutoring", name="张老师"):
    helper = add_volunteer(county, name, user=user, services=(service,))
    pairing = Pairing(service=service, role="teacher", beneficiary_id=person.id, volunteer_id=helper.id,
                      unit=f"b{person.id}", status="active", response="accepted",
                      started_on=started or local_today() - timedelta(days=400))
    db.session.add(pairing)
    db.session.commit()
    return pairing


PLAN = {"subjects": "数学", "schedule": "每周二、四放学后", "content": "订正作业错题", "expected": "期中数学 80 分以上"}


def _count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_terms_run_from_one_start_to_the_next(app):
    rules = rules_of("children")
    autumn = term_of(rules, date(2026, 12, 7))
    assert (autumn.code, autumn.start, autumn.end) == ("autumn", date(2026, 9, 1), date(2027, 2, 28))
    assert term_of(rules, date(2027, 1, 20)).start == date(2026, 9, 1)        # winter holiday: still the autumn term
    assert term_of(rules, date(2028, 2, 29)).end == date(2028, 2, 29)        # a leap year's last day of February
    spring = term_of(rules, date(2027, 3, 1))
    assert (spring.code, spring.start, spring.end) == ("spring", date(2027, 3, 1), date(2027, 8, 31))


def test_the_paired_helper_writes_the_plan_adds_progress_and_the_summary_from_my_pairings(client, login, county):
    child = _child(county)
    pairing = _tutor(county, child, user=county["users"]["vol"])
    login("vol")
    mine = client.get("/me/pairings").get_data(as_text=True)
    assert f"/study/pairing/{pairing.id}" in mine                                 # the link on My pairings
    page = client.get(f"/study/pairing/{pairing.id}").get_data(as_text=True)
    assert "本学期尚未制定计划" in page
    assert client.post(f"/study/pairing/{pairing.id}/plan", data=PLAN).status_code == 302
    today = local_today()
    response = client.post(f"/study/pairing/{pairing.id}/progress",
                           data={"entry_on": today.isoformat(), "subject": "数学", "mark": "86", "out_of": "100",
                                 "note": "计算错误减少"})
    assert response.status_code == 302
    client.post(f"/study/pairing/{pairing.id}/summary", data={"summary": "按计划完成，成绩提高", "summary_on": today})
    plan = db.session.execute(select(StudyPlan)).scalar_one()
    term = term_of(rules_of("children"), today)
    assert (plan.term_start, plan.schedule, plan.content, plan.expected, plan.summary) == (
        term.start, "每周二、四放学后", "订正作业错题", "期中数学 80 分以上", "按计划完成，成绩提高")
    entry = db.session.execute(select(ProgressEntry)).scalar_one()
    assert (entry.mark, entry.out_of, entry.note, entry.recorded_by_id) == (86, 100, "计算错误减少",
                                                                             county["users"]["vol"].id)
    # Rewriting the plan the same term changes it (audited), never a second plan.
    client.post(f"/study/pairing/{pairing.id}/plan", data={**PLAN, "expected": "期末数学 85 分以上"})
    assert _count(StudyPlan) == 1 and db.session.get(StudyPlan, plan.id).expected == "期末数学 85 分以上"
    actions = db.session.execute(select(AuditEntry.entity, AuditEntry.action).order_by(AuditEntry.id)).all()
    assert [tuple(a) for a in actions] == [("study_plan", "create"), ("study_progress", "create"),
                                           ("study_plan", "update"), ("study_plan", "update")]
    archive = client.get(f"/study/person/{child.id}").get_data(as_text=True)
    assert "进步档案" in archive and "86/100" in archive and "按计划完成，成绩提高" in archive
    assert "print.js" in archive and "<script>" not in archive


@pytest.mark.clock
def test_bad_input_is_refused_naming_the_field_and_nothing_is_saved(client, login, county):
    child = _child(county)
    pairing = _tutor(county, child)
    login("kids")
    response = client.post(f"/study/pairing/{pairing.id}/plan", data={**PLAN, "content": "  "})
    assert response.status_code == 400 and "帮扶内容：此项必填。" in response.get_data(as_text=True)
    response = client.post(f"/study/pairing/{pairing.id}/progress", data={"entry_on": local_today(), "mark": "90"})
    assert response.status_code == 400 and "请先制定本学期的计划。" in response.get_data(as_text=True)
    client.post(f"/study/pairing/{pairing.id}/plan", data=PLAN)
    term = term_of(rules_of("children"), local_today())
    for data, message in [
        ({"entry_on": local_today(), "mark": "120", "out_of": "100"}, "分数：分数高于满分（100）。"),
        ({"entry_on": local_today(), "mark": "九十"}, "分数：九十 不是数字。"),
        ({"entry_on": local_today(), "mark": "-3"}, "分数：-3 不是可能的分数。"),
        ({"entry_on": local_today()}, "说明：请填写分数或说明。"),
        ({"entry_on": (local_today() + timedelta(days=1)).isoformat(), "note": "好"}, "日期：日期不能晚于今天。"),
        ({"entry_on": (term.start - timedelta(days=1)).isoformat(), "note": "好"}, "日期：日期早于计划所在学期的开始"),
        ({"entry_on": "2026-13-01", "note": "好"}, "日期：2026-13-01 不是日期（年-月-日）。"),
    ]:
        response = client.post(f"/study/pairing/{pairing.id}/progress", data=data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), (data, message)
    assert _count(ProgressEntry) == 0
    assert _count(AuditEntry) == 1                                                # the plan only


def test_who_sees_and_who_writes_a_plan(client, login, county):
    child = _child(county)
    pairing = _tutor(county, child)
    other_vol = county["users"]["vol"]                       # a volunteer not paired with this child
    add_volunteer(county, "李阿姨", user=other_vol, services=("children.tutoring",))
    login("vol")
    assert client.get(f"/study/pairing/{pairing.id}").status_code == 404
    assert client.get(f"/study/person/{child.id}").status_code == 404
    assert client.post(f"/study/pairing/{pairing.id}/plan", data=PLAN).status_code == 404
    login("elders")                                          # staff of another group
    assert client.get(f"/study/pairing/{pairing.id}").status_code == 404
    assert client.get(f"/study/person/{child.id}").status_code == 404
    login("west")                                            # the coordinator of the other township
    assert client.get(f"/study/pairing/{pairing.id}").status_code == 404
    assert "小明" not in client.get("/study/missing").get_data(as_text=True)
    login("east")
    assert client.post(f"/study/pairing/{pairing.id}/plan", data=PLAN).status_code == 302
    assert _count(StudyPlan) == 1
    login("vol")
    assert client.get("/study/missing").status_code == 403


def test_a_pairing_of_another_service_keeps_no_plan(client, login, county):
    child = _child(county)
    pairing = _tutor(county, child, service="children.caring_pairing")
    login("kids")
    assert client.get(f"/study/pairing/{pairing.id}").status_code == 404
    assert client.post(f"/study/pairing/{pairing.id}/plan", data=PLAN).status_code == 404


def test_the_person_page_shows_this_terms_plan_and_a_group_without_study_rules_has_no_box(client, login, county):
    child = _child(county)
    pairing = _tutor(county, child)
    login("coord")
    page = client.get(f"/g/children/{child.id}").get_data(as_text=True)
    assert "学习帮扶与进步档案" in page and "本学期未制定计划" in page and f"/study/pairing/{pairing.id}" in page
    client.post(f"/study/pairing/{pairing.id}/plan", data=PLAN)
    page = client.get(f"/g/children/{child.id}").get_data(as_text=True)
    assert "本学期未制定计划" not in page and "数学" in page
    elder = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1948, 4, 2))
    assert "学习帮扶与进步档案" not in client.get(f"/g/elderly/{elder.id}").get_data(as_text=True)
    assert client.get(f"/study/person/{elder.id}").status_code == 404


def test_plans_missing_a_month_into_the_term_are_listed_by_village(app, county):
    rules = rules_of("children")
    day = date(2026, 10, 15)                                  # 44 days into the autumn term
    old = _tutor(county, _child(county, "小明"), started=date(2026, 6, 1))
    planned = _tutor(county, _child(county, "小红"), started=date(2026, 6, 1), name="刘老师")
    recent = _tutor(county, _child(county, "小刚"), started=date(2026, 10, 1), name="赵老师")   # 14 days ago
    west = _tutor(county, _child(county, "小华", place="v_west"), started=date(2026, 9, 10), name="钱老师")
    last_term = _tutor(county, _child(county, "小丽"), started=date(2026, 3, 5), name="孙老师")
    db.session.add_all([StudyPlan(pairing_id=planned.id, beneficiary_id=planned.beneficiary_id,
                                  term_start=date(2026, 9, 1), schedule="周六", content="阅读", expected="读完两本书"),
                        StudyPlan(pairing_id=last_term.id, beneficiary_id=last_term.beneficiary_id,
                                  term_start=date(2026, 3, 1), schedule="周六", content="阅读", expected="读完两本书")])
    ended = _tutor(county, _child(county, "小军"), started=date(2026, 6, 1), name="周老师")
    ended.status = "ended"
    db.session.commit()
    rows = missing_plans(county["users"]["coord"], today=day)
    assert {(r.name, r.days_late) for r in rows} == {("小明", 14), ("小华", 5), ("小丽", 14)}
    assert {r.pairing_id for r in rows} == {old.id, west.id, last_term.id}
    assert missing_counts(county["users"]["coord"], today=day) == [("东村", 2), ("西村", 1)]
    assert {r.name for r in missing_plans(county["users"]["west"], today=day)} == {"小华"}
    assert missing_plans(county["users"]["coord"], today=date(2026, 9, 30)) == []       # not a month into the term
    assert recent.id not in {r.pairing_id for r in missing_plans(county["users"]["coord"], today=date(2026, 10, 30))}
    assert recent.id in {r.pairing_id for r in missing_plans(county["users"]["coord"], today=date(2026, 10, 31))}
    assert rules.plan_within_days == 30


def test_a_deployment_sets_how_long_into_the_term_a_plan_may_wait(app, county):
    app.extensions["guanai"].settings("children")["study"] = {"plan_within_days": 60}
    try:
        _tutor(county, _child(county), started=date(2026, 6, 1))
        assert missing_plans(county["users"]["coord"], today=date(2026, 10, 15)) == []
        assert [r.days_late for r in missing_plans(county["users"]["coord"], today=date(2026, 11, 5))] == [5]
    finally:
        del app.extensions["guanai"].settings("children")["study"]


@pytest.mark.clock
def test_the_missing_page_lists_a_pairing_without_a_plan(client, login, county):
    _tutor(county, _child(county))
    login("kids")
    page = client.get("/study/missing").get_data(as_text=True)
    term = term_of(rules_of("children"), local_today())
    late = local_today() >= term.start + timedelta(days=30)
    assert ("小明" in page) == late and ("东村：1" in page) == late
