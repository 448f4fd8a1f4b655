"""Study plans in the reports and the missing list's CSV (issue 29: "each scoped, audited, in the reports and exports";
seeds 000 line 17 and 001 lines 20 and 74, 学习帮扶计划 and 进步档案; 003: 统计季报、年报): plans written and missing
by village, progress entries and summaries in the period, counted in SQL over the pairings the user sees, and the
coordinator's list of missing plans as CSV, names never formulas, kept by no cache, for each role."""
from datetime import date, timedelta

import pytest

from portal.core.time import local_today
from portal.extensions import db
from portal.reports.context import Report
from portal.reports.period import Period
from portal.study.models import ProgressEntry, StudyPlan
from portal.study.plans import rules_of
from portal.study.report import study_section
from portal.study.terms import term_of
from tests.neutral import FORMULA_NAME, assert_neutral_csv, csv_fields

from .test_study_plans import PLAN, _child, _tutor

pytestmark = pytest.mark.usefixtures("children_first")


@pytest.fixture
def children_first(staff_groups):
    assert staff_groups["kids"] == "children"


def _plan(pairing, term_start, marks=(), summary_on=None):
    plan = StudyPlan(pairing_id=pairing.id, beneficiary_id=pairing.beneficiary_id, term_start=term_start,
                     summary="完成" if summary_on else "", summary_on=summary_on, **PLAN)
    db.session.add(plan)
    db.session.flush()
    for day in marks:
        db.session.add(ProgressEntry(plan_id=plan.id, beneficiary_id=pairing.beneficiary_id, entry_on=day, mark=80,
                                     out_of=100))
    db.session.commit()
    return plan


def _rows(user, place):
    from portal.plugin.manager import current_plugins
    section = study_section(Report(Period(local_today().year), user, place), current_plugins().group("children"))
    return section, {r[0]: r for r in section.tables[0].rows}


@pytest.mark.clock
def test_the_report_counts_plans_written_and_missing_by_village_and_progress_in_the_period(app, client, login, county):
    today = local_today()
    term = term_of(rules_of("children"), today)
    planned = _tutor(county, _child(county, "有计划"), name="张老师")
    _plan(planned, term.start, marks=(today, today), summary_on=today)
    _tutor(county, _child(county, "没计划"), name="李老师")
    old = _tutor(county, _child(county, "上学期", place="v_west"), name="王老师")
    _plan(old, term_of(rules_of("children"), term.start - timedelta(days=1)).start,
          marks=(date(today.year - 1, 12, 1),))                             # last term's plan, a year before
    section, rows = _rows(county["users"]["coord"], county["root"])
    # village, running, with this term's plan, without, %, entries in the year, summaries in the year
    assert rows["东村"][1:5] == [2, 1, 1, 50.0]
    assert rows["东村"][5:] == [2, 1]
    assert rows["西村"][1:4] == [1, 0, 1] and rows["西村"][5:] == [0, 0]      # last year's entry is not this year's
    assert section.tables[0].total[1:4] == [3, 1, 2]
    assert section.group == "children" and section.tables[0].chart is not None
    # A township coordinator counts only their township; staff of another group get no such section.
    _, east = _rows(county["users"]["east"], county["east"])
    assert set(east) == {"东村"}
    login("coord")
    page = client.get(f"/reports/?kind=annual&year={today.year}").get_data(as_text=True)
    assert "学习帮扶计划" in page and "有本学期计划" in page
    login("elders")
    page = client.get(f"/reports/?kind=annual&year={today.year}").get_data(as_text=True)
    assert "有本学期计划" not in page


def test_the_missing_list_as_csv_is_scoped_neutral_and_kept_by_no_cache(client, login, county):
    _tutor(county, _child(county, FORMULA_NAME), started=local_today() - timedelta(days=400))
    _tutor(county, _child(county, "西村娃", place="v_west"), name="王老师")
    login("east")
    response = client.get("/study/missing?format=csv")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert_neutral_csv(response.data, FORMULA_NAME)
    fields = csv_fields(response.data)
    assert "西村娃" not in fields and "张老师" in fields
    login("coord")
    assert "西村娃" in csv_fields(client.get("/study/missing?format=csv").data)
    login("elders")                                              # staff of a group that keeps no plans
    assert "西村娃" not in csv_fields(client.get("/study/missing?format=csv").data)
    login("vol")
    assert client.get("/study/missing?format=csv").status_code == 403
    login("east")
    assert "/study/missing?format=csv" in client.get("/study/missing").get_data(as_text=True)
