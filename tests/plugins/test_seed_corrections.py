"""Rules corrected against the seeds (issue 28), each test naming the seed line it follows."""
from datetime import date
from types import SimpleNamespace

from plugins.elderly.rules import DEFAULT_SETTINGS as OLD
from plugins.elderly.rules import assess as assess_elder
from portal.ledger.models import Beneficiary

TODAY = date(2026, 11, 22)


def _elder(birth=date(1950, 1, 1)):
    return Beneficiary(group="elderly", name="x", gender="M", birth_date=birth, place_id=1)


def test_001_line_916_an_elder_is_left_behind_only_with_every_child_away_six_months_and_no_supporter_able():
    """001 line 916: "因子女全部离开县域范围外出务工或经商等半年以上、……身边没有赡养人或者是赡养人没有赡养能力的
    60周岁以上老年人" -- both conditions: supporters unable alone (the children at home) is not enough."""
    unable_at_home = SimpleNamespace(children_all_away=False, children_away_since=None, supporters_unable=True)
    assert not assess_elder(_elder(), unable_at_home, OLD, TODAY).eligible            # was eligible before
    unable_recent = SimpleNamespace(children_all_away=True, children_away_since=date(2026, 9, 1), supporters_unable=True)
    assert not assess_elder(_elder(), unable_recent, OLD, TODAY).eligible             # away under six months
    away = SimpleNamespace(children_all_away=True, children_away_since=date(2026, 5, 1), supporters_unable=False)
    result = assess_elder(_elder(), away, OLD, TODAY)
    assert result.eligible and "身边没有赡养人" in [r.names["zh"] for r in result.reasons]
    unable_away = SimpleNamespace(children_all_away=True, children_away_since=date(2025, 1, 1), supporters_unable=True)
    assert "赡养人无赡养能力" in [r.names["zh"] for r in assess_elder(_elder(), unable_away, OLD, TODAY).reasons]
    assert not assess_elder(_elder(date(1970, 1, 1)), away, OLD, TODAY).eligible      # under 60


def test_000_line_291_the_15_minute_step_reports_to_the_superior_government_and_the_education_department(app):
    """000 line 291: "留守儿童若遇突发事件，必须要在15分钟内报告上级市政府和教育主管部门，30分钟内告知委托监护人，
    1小时内告知在外务工家长"."""
    from plugins.children.rules import INCIDENT_TYPES
    for code in ("emergency", "missing"):
        kind = next(t for t in INCIDENT_TYPES if t.code == code)
        step = next(s for s in kind.steps if s.code == "superiors")
        assert step.deadline_minutes == 15
        assert step.tell["zh"] == "上级人民政府和教育主管部门", code
    emergency = next(t for t in INCIDENT_TYPES if t.code == "emergency")
    assert [(s.code, s.deadline_minutes) for s in emergency.steps] == [("superiors", 15), ("guardian", 30),
                                                                      ("parents", 60)]


def test_002_line_196_a_dropouts_written_report_only_if_persuasion_fails(app):
    """002 line 196: "落实辍学学生登记、劝返复学和书面报告制度，劝返无效的，应书面报告县级教育部门和乡镇人民政府":
    the written report comes after the persuasion, and is not required to close (only when persuasion fails)."""
    from plugins.children.rules import INCIDENT_TYPES
    dropout = next(t for t in INCIDENT_TYPES if t.code == "dropout")
    assert [(s.code, s.required) for s in dropout.steps] == [("register", True), ("persuade", True),
                                                             ("written_report", False)]
    persuade, report = dropout.steps[1], dropout.steps[2]
    assert report.deadline_minutes > persuade.deadline_minutes
    assert report.tell["zh"] == "县级教育部门和乡镇人民政府"


def test_004_line_28_a_child_is_left_behind_from_three_months_of_the_parents_away():
    """004 line 28: "对农村留守儿童父母务工时限，按连续外出务工3个月以上把握": the profile records since when; under
    three months the child is not (yet) left behind; not recorded, the child stays and the reasons say so."""
    from plugins.children.rules import DEFAULT_SETTINGS as KIDS
    from plugins.children.rules import assess as assess_child
    child = Beneficiary(group="children", name="x", gender="F", birth_date=date(2016, 5, 1), place_id=1,
                        category="left_behind")
    away = lambda since: SimpleNamespace(father_status="away", mother_status="away", parents_away_since=since)  # noqa
    assert not assess_child(child, away(date(2026, 9, 1)), KIDS, TODAY).eligible           # under three months
    assert assess_child(child, away(date(2026, 8, 1)), KIDS, TODAY).eligible               # three months
    unknown = assess_child(child, away(None), KIDS, TODAY)
    assert unknown.eligible and "父母外出时间未登记" in [r.names["zh"] for r in unknown.reasons]
    assert assess_child(child, away(date(2026, 10, 1)), {**KIDS, "parents_away_months": 1}, TODAY).eligible  # a setting


def test_004_line_28_the_profile_and_the_import_record_since_when(app):
    from plugins.children.columns import IMPORT_COLUMNS
    from plugins.children.forms import ChildProfileForm
    from plugins.children.models import ChildProfile
    assert "parents_away_since" in ChildProfile.__table__.c
    assert "parents_away_since" in ChildProfileForm.__dict__ or hasattr(ChildProfileForm, "parents_away_since")
    column = next(c for c in IMPORT_COLUMNS if c.field == "parents_away_since")
    assert {"父母外出务工时间", "外出务工时间"} <= set(column.headers)


def test_001_line_926_an_elder_who_lost_self_care_with_no_child_at_home_is_flagged(app, county, client, login):
    """001 line 926: "对患有严重疾病、已经丧失自理能力的老年人，家庭内部应协商至少留下1名子女在家照料": the elder's
    ledger page says so when every child is away; not for one with a child at home, nor one who cares for
    themselves."""
    from plugins.elderly.models import ElderProfile
    from portal.extensions import db

    from ..factories import add_person
    cases = {"失能无子女": ("none", True), "失能有子女": ("none", False), "自理": ("full", True)}
    people = {}
    for name, (care, away) in cases.items():
        p = add_person("elderly", county["v_east"], name=name, birth=date(1945, 3, 1), category="disabled")
        db.session.add(ElderProfile(beneficiary_id=p.id, self_care=care, children_all_away=away))
        people[name] = p
    db.session.commit()
    login("admin")
    flagged = {name for name, p in people.items()
               if 'id="child-home"' in client.get(f"/g/elderly/{p.id}").get_data(as_text=True)}
    assert flagged == {"失能无子女"}
