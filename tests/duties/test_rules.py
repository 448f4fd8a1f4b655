"""Each seed duty applies to the people it names and only them, paired or not; its owner comes from the place,
the class or the person; what was done moves its due day (the kept table follows each commit)."""
from datetime import timedelta

from portal.core.time import local_today
from portal.extensions import db

from ..factories import add_volunteer
from .conftest import (
    born_years_ago,
    child_profile,
    contact,
    duties_of,
    knocked,
    owner,
    pair,
    someone,
    traits,
    user,
    visit,
)


def test_000_door_every_week_for_every_person_of_the_three_groups_paired_or_not(app, county, grids, helper):
    """000: "村干部按照网格化服务管理要求,至少每周“一登门”"."""
    kid = someone(grids["g1"], category="left_behind")
    elder = someone(grids["g1"], group="elderly", category="ordinary", birth=born_years_ago(70))
    woman = someone(grids["g2"], group="women", category="ordinary", birth=born_years_ago(35))
    paired = someone(grids["g2"], category="hardship", name="结对")
    pair(paired, helper)
    for p in (kid, elder, woman, paired):
        row = duties_of(p)[f"{p.group}.door"]
        assert (row.owner_role, row.action) == ("village_cadre", "visit")
        assert row.due_on == local_today() - timedelta(days=193)  # registered 200 days ago, never visited
    visit(kid, "door", days=2)
    assert duties_of(kid)["children.door"].due_on == local_today() + timedelta(days=5)
    assert duties_of(kid)["children.door"].last_done == local_today() - timedelta(days=2)


def test_000_knock_is_a_daily_round_per_grid_not_a_form_per_person(app, county, grids):
    """000: "网格化巡查走访员和群众志愿者每天“一敲门”"."""
    a, b = someone(grids["g1"], name="甲"), someone(grids["g1"], group="elderly", birth=born_years_ago(70), name="乙")
    c = someone(grids["g2"], name="丙")
    knocked(grids["g1"], days=0)
    today = local_today()
    assert duties_of(a)["children.knock"].due_on == today + timedelta(days=1)
    assert duties_of(b)["elderly.knock"].last_done == today
    assert duties_of(c)["children.knock"].last_done is None
    assert duties_of(a)["children.knock"].owner_role == "grid_worker"


def test_001_weekly_township_cadre_for_empty_nest_and_living_alone_elders_only(app, county, grids):
    """001 篇十五: "空巢老人"干部包保责任制 -- weekly for the empty-nest and those living alone."""
    alone = someone(grids["g1"], group="elderly", category="alone", birth=born_years_ago(75), name="独居")
    nest = someone(grids["g1"], group="elderly", category="ordinary", birth=born_years_ago(72), name="空巢")
    traits(nest, "empty_nest")
    other = someone(grids["g1"], group="elderly", category="poor", birth=born_years_ago(72), name="一般")
    traits(other, "dibao")
    assert duties_of(alone)["elderly.cadre"].owner_role == "township_cadre"
    assert "elderly.cadre" in duties_of(nest)
    assert "elderly.cadre" not in duties_of(other)
    visit(nest, "cadre", days=3)  # a visit logged for the older visit rule of the same code counts
    assert duties_of(nest)["elderly.cadre"].due_on == local_today() + timedelta(days=4)


def test_001_weekly_township_cadre_for_pre_school_left_behind_children_only(app, county, grids):
    """001 篇十五: pre-school left-behind children (under 6) weekly."""
    small = someone(grids["g1"], category="left_behind", birth=born_years_ago(4), name="小")
    big = someone(grids["g1"], category="left_behind", birth=born_years_ago(8), name="大")
    orphan = someone(grids["g1"], category="orphan", birth=born_years_ago(4), name="孤")
    assert duties_of(small)["children.preschool"].owner_role == "township_cadre"
    assert "children.preschool" not in duties_of(big)
    assert "children.preschool" not in duties_of(orphan)


def test_001_class_teacher_talks_monthly_with_each_left_behind_pupil_of_the_class(app, county, grids):
    """001: "要求班主任每月与“留守儿童”谈心一次,详细填好记录卡"."""
    pupil = someone(grids["g1"], category="left_behind", name="学生")
    child_profile(pupil)
    small = someone(grids["g1"], category="left_behind", birth=born_years_ago(4), name="幼儿")
    child_profile(small, school="", grade_class="", schooling="preschool")
    teacher = user("teacher1")
    assert duties_of(pupil)["children.class_talk"].owner_id is None   # a gap until the class has a teacher
    owner("class_teacher", teacher, unit="城关小学 四年级2班")
    row = duties_of(pupil)["children.class_talk"]
    assert (row.owner_id, row.action, row.owner_role) == (teacher.id, "talk", "class_teacher")
    assert "children.class_talk" not in duties_of(small)


def test_001_monthly_contact_with_the_absent_family(app, county, grids):
    """001 篇十五: "每月与空巢老人子女、留守儿童父母进行一次电话、短信或网络交流"."""
    kid = someone(grids["g1"], category="left_behind")
    elder = someone(grids["g1"], group="elderly", category="ordinary", birth=born_years_ago(70))
    woman = someone(grids["g1"], group="women", category="ordinary", birth=born_years_ago(35))
    contact(kid, days=10)
    assert duties_of(kid)["children.family"].due_on == local_today() + timedelta(days=20)
    assert duties_of(elder)["elderly.family"].action == "family_call"
    assert "women.family" not in duties_of(woman)


def test_004_paired_helpers_visits_are_the_helpers_duties(app, county, grids, helper):
    """004: caring families visit at least six times a year (every 60 days), owned by the helper paired."""
    kid = someone(grids["g1"], category="left_behind")
    alone = someone(grids["g1"], category="left_behind", name="未结对")
    pair(kid, helper, started_days_ago=70)
    row = duties_of(kid)["children.caring_family"]
    assert (row.owner_role, row.owner_id) == ("helper", county["users"]["vol"].id)
    assert row.due_on == local_today() - timedelta(days=10)
    assert "children.caring_family" not in duties_of(alone)


def test_holiday_and_birthday_duties_per_group(app, county, grids, helper):
    """002 (elders' birthday archive; 元旦, 春节, 三八, 母亲节, 重阳 for women) and 004 (the paired child's holidays)."""
    elder = someone(grids["g1"], group="elderly", category="ordinary", birth=born_years_ago(70, days=3))
    woman = someone(grids["g1"], group="women", category="ordinary", birth=born_years_ago(35))
    kid = someone(grids["g1"], category="left_behind", birth=born_years_ago(9, days=3))
    pair(kid, helper)
    today = local_today()
    birthday = duties_of(elder)["elderly.birthday:birthday"]
    assert birthday.due_on == today - timedelta(days=3)   # this year's birthday, three days ago, not visited
    assert {k for k in duties_of(woman) if k.startswith("women.holidays:")} == {
        f"women.holidays:{h}" for h in ("new_year", "spring_festival", "womens_day", "mothers_day", "double_ninth")}
    assert "children.caring_family:birthday" in duties_of(kid)
    visit(elder, None, days=1, occasion="birthday")
    assert duties_of(elder)["elderly.birthday:birthday"].due_on > today + timedelta(days=300)


def test_owners_from_village_grid_township_and_the_person(app, county, grids):
    kid = someone(grids["g1"], category="left_behind", birth=born_years_ago(4))
    cadre, worker, township, own = user("cadre"), user("worker"), user("township1"), user("own")
    owner("village_cadre", cadre, place=county["v_east"])
    owner("grid_worker", worker, place=grids["g1"])
    owner("township_cadre", township, place=county["east"])
    rows = duties_of(kid)
    assert rows["children.door"].owner_id == cadre.id
    assert rows["children.knock"].owner_id == worker.id
    assert rows["children.preschool"].owner_id == township.id
    assert rows["children.family"].owner_id == cadre.id
    owner("village_cadre", own, person=kid, duty="children.family")
    rows = duties_of(kid)
    assert rows["children.family"].owner_id == own.id and rows["children.door"].owner_id == cadre.id
    assert rows["children.door"].village_id == county["v_east"].id


def test_a_person_who_leaves_has_no_duties(app, county, grids):
    kid = someone(grids["g1"], category="left_behind")
    assert duties_of(kid)
    kid.status = "left"
    db.session.commit()
    assert duties_of(kid) == {}


def test_a_deployment_changes_a_duty_frequency_and_owner(app, county, grids):
    from portal.duties.rules import rules_in_force
    from portal.plugin.manager import current_plugins
    current_plugins()._settings["children"] = {**current_plugins().settings("children"),
                                               "duties": {"door": 14, "family": {"owner": "grid_worker"}}}
    rules = {r.code: r for r in rules_in_force("children")}
    assert rules["door"].every_days == 14 and rules["family"].owner == "grid_worker"
    assert rules["family"].every_days == 30


def test_helper_fixture_is_paired_volunteer(app, county):
    v = add_volunteer(county, "无用户")
    assert v.user_id is None


def test_001_line_32_a_class_teacher_talks_with_3_to_5_left_behind_pupils_a_week(app, county, grids, client, login):
    """001 line 32: "各班教师每周与3—5名留守儿童谈一次心": the teacher's weekly quota, counted from the talks the
    teacher records with different left-behind pupils since Monday; no row per pupil."""
    from portal.duties.models import DutyDue
    from sqlalchemy import func, select
    teacher = user("teacher")
    owner("class_teacher", teacher, unit="城关小学 四年级2班")
    pupils = [someone(grids["g1"], category="left_behind", name=f"生{i}") for i in range(4)]
    for p in pupils:
        child_profile(p)
    today = local_today()
    monday = today - timedelta(days=today.weekday())
    visit(pupils[0], "class_talk", days=(today - monday).days, recorded_by_id=teacher.id)
    visit(pupils[0], "class_talk", days=0, recorded_by_id=teacher.id)           # the same pupil twice: one
    visit(pupils[1], "class_talk", days=(today - monday).days + 1, recorded_by_id=teacher.id)  # last week
    assert db.session.execute(select(func.count()).select_from(DutyDue)
                              .where(DutyDue.duty == "children.weekly_talks")).scalar_one() == 0
    login("teacher")
    quota = client.get("/duties/mine.json").get_json()["quotas"]
    assert [(q["duty"], q["done"], q["low"], q["high"], q["short"]) for q in quota] == \
        [("children.weekly_talks", 1, 3, 5, True)]
    for p in pupils[1:]:
        visit(p, "class_talk", days=0, recorded_by_id=teacher.id)
    quota = client.get("/duties/mine.json").get_json()["quotas"]
    assert (quota[0]["done"], quota[0]["short"]) == (4, False)
    assert 'id="quotas"' in client.get("/duties/mine").get_data(as_text=True)
    user("plain")
    login("plain")                    # owns no class: no quota
    assert client.get("/duties/mine.json").get_json()["quotas"] == []
