"""Guardianship in the reports and the gaps list's CSV (issue 29: "each scoped, audited, in the reports and exports";
seeds 001 line 336 监护责任书, 001 lines 138-140 and 358 家长学校, 003 监护干预 and 统计季报、年报): letters signed,
guardians trained, assessments needing an intervention and interventions open, by village, in SQL over the people
the user sees; the gaps list as CSV, names never formulas, kept by no cache, never the assessments, for each role."""
from datetime import date, datetime

import pytest

from portal.core.time import local_today
from portal.extensions import db
from portal.guardianship.models import GuardianshipAssessment, GuardianshipLetter, GuardianTraining
from portal.guardianship.report import guardianship_section
from portal.plugin.manager import current_plugins
from portal.reports.context import Report
from portal.reports.period import Period
from tests.neutral import FORMULA_NAME, assert_neutral_csv, csv_fields

from .test_guardianship import _child

pytestmark = pytest.mark.usefixtures("children_first")


@pytest.fixture
def children_first(staff_groups):
    assert staff_groups["kids"] == "children"


def _rows(user, place, year):
    section = guardianship_section(Report(Period(year), user, place), current_plugins().group("children"))
    return section, {r[0]: r for r in section.tables[0].rows}


@pytest.mark.clock
def test_the_report_counts_letters_trainings_and_interventions_by_village(app, client, login, county):
    today = local_today()
    year = today.year
    signed = _child(county, "签了")                         # letter this year, training this year
    old = _child(county, "去年签", guardian="张桂兰")        # letter last year, training last year
    changed = _child(county, "换了监护人", guardian="李四")  # a letter of an earlier guardian: no longer counts
    _child(county, "没有监护人", guardian="")
    old.created_at = datetime(year - 2, 1, 1)               # on the ledger for last year's report too
    harmed = _child(county, "西村娃", place="v_west", household=False)
    db.session.add_all([
        GuardianshipLetter(beneficiary_id=signed.id, guardian_name="王德福", signed_on=today, other_party="村委会"),
        GuardianTraining(beneficiary_id=signed.id, guardian_name="王德福", attended_on=today, course="家长学校"),
        GuardianshipLetter(beneficiary_id=old.id, guardian_name="张桂兰", signed_on=date(year - 1, 6, 1),
                           other_party="学校"),
        GuardianTraining(beneficiary_id=old.id, guardian_name="张桂兰", attended_on=date(year - 1, 6, 1), course="家长学校"),
        GuardianshipLetter(beneficiary_id=changed.id, guardian_name="王五", signed_on=today, other_party="村委会"),
        GuardianshipAssessment(beneficiary_id=harmed.id, guardian_name="王德福", assessed_on=today, level="harmed",
                               findings="打骂", intervention="reported", intervention_note="报告民政"),
        GuardianshipAssessment(beneficiary_id=signed.id, guardian_name="王德福", assessed_on=today, level="adequate",
                               findings="良好"),
    ])
    db.session.commit()
    section, rows = _rows(county["users"]["coord"], county["root"], year)
    # village, people, no guardian, letter signed (by today's guardian), without, %, letters in the year, trained in
    # the year, assessed in the year, needing an intervention, open at the end
    assert rows["东村"][1:5] == [4, 1, 2, 2] and rows["东村"][5] == 50.0
    assert rows["东村"][6:] == [2, 1, 1, 0, 0]
    assert rows["西村"][1:5] == [1, 0, 0, 1] and rows["西村"][6:] == [0, 0, 1, 1, 1]
    assert section.tables[0].total[1:5] == [5, 1, 2, 3]
    assert section.group == "children"
    # Last year's report: the old letter was in force, the training counted then; nothing of this year's.
    _, last = _rows(county["users"]["coord"], county["root"], year - 1)
    assert set(last) == {"东村"} and last["东村"][1:4] == [1, 0, 1] and last["东村"][6:] == [1, 1, 0, 0, 0]
    # The other township's coordinator counts only theirs.
    _, west = _rows(county["users"]["west"], county["west"], year)
    assert set(west) == {"西村"}
    login("coord")
    page = client.get(f"/reports/?kind=annual&year={year}").get_data(as_text=True)
    assert "监护责任书已签" in page and "需要监护干预" in page
    login("elders")
    assert "监护责任书已签" not in client.get(f"/reports/?kind=annual&year={year}").get_data(as_text=True)


def test_the_gaps_list_as_csv_is_scoped_neutral_and_kept_by_no_cache(client, login, county):
    _child(county, FORMULA_NAME)
    _child(county, "西村娃", place="v_west", household=False)
    first = _child(county, "有干预", guardian="赵六")
    db.session.add(GuardianshipAssessment(beneficiary_id=first.id, guardian_name="赵六", assessed_on=local_today(),
                                          level="harmed", findings="打骂的细节", intervention="reported",
                                          intervention_note="报告民政"))
    db.session.commit()
    login("east")
    response = client.get("/guardianship/missing?format=csv")
    assert response.status_code == 200 and response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert_neutral_csv(response.data, FORMULA_NAME)
    fields = csv_fields(response.data)
    assert "王德福" in fields and "西村娃" not in fields and "有干预" in fields
    assert not any("打骂" in f for f in fields)               # an assessment's findings never leave the page
    assert fields[:3] == ["人员编号", "姓名", "村"]
    login("kids")
    assert "西村娃" in csv_fields(client.get("/guardianship/missing?format=csv").data)
    login("elders")                                          # staff of a group with no guardianship
    assert "西村娃" not in csv_fields(client.get("/guardianship/missing?format=csv").data)
    login("vol")
    assert client.get("/guardianship/missing?format=csv").status_code == 403
    login("east")
    assert "/guardianship/missing?format=csv" in client.get("/guardianship/missing").get_data(as_text=True)
