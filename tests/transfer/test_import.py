"""Importing sheets as townships keep them: the village's mixed ledger, the national children's form, a GBK
csv, an .xls; places, groups, households, estimated birth dates and audit."""
from datetime import date

import pytest
from sqlalchemy import select

from plugins.children.models import ChildProfile
from plugins.elderly.models import ElderProfile
from plugins.women.models import WomanProfile
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db
from portal.transfer.models import ImportRun

from .helpers import count, imported, people, preview
from .sheets import elderly_xls, id_number, national_form, village_sheet, women_csv


def test_village_sheet_rows_go_to_the_group_their_category_names(county, grid):
    result = imported(county["users"]["east"], village_sheet(), county["v_east"])
    assert [r.number for r in result.rows] == [4, 5, 7, 8, 9]  # title, unit line, header, a blank row skipped
    found = people()
    assert {n: (p.group, p.category) for n, p in found.items()} == {
        # "留守儿童" in a 三留守 ledger is class 6, 农村留守儿童 (004 二(一)6)
        "李小红": ("children", "left_behind"), "李小明": ("children", "left_behind"), "王芳": ("women", None),
        "赵德胜": ("elderly", "alone"), "陈思": ("children", "hardship")}
    assert found["李小红"].id_number == id_number() and found["李小红"].birth_date == date(2016, 5, 1)
    assert found["李小明"].birth_date == date(2014, 9, 3) and found["李小明"].phone is None  # "无电话"
    assert found["赵德胜"].phone is None                                                      # "无"


def test_group_names_a_sub_place_else_goes_into_the_address(county, grid):
    imported(county["users"]["east"], village_sheet(), county["v_east"])
    found = people()
    assert found["李小红"].place_id == grid.id and found["李小红"].address == "东村一组5号"
    assert found["王芳"].place_id == county["v_east"].id and found["王芳"].address == "第三组王家湾8号"


@pytest.mark.clock
def test_age_gives_an_estimated_birth_date_marked_as_such(county, grid):
    imported(county["users"]["east"], village_sheet(), county["v_east"])
    elder = people()["赵德胜"]
    assert elder.age_on(local_today()) == 78
    assert "年龄" in elder.notes and "估算" in elder.notes


def test_columns_without_a_field_are_kept_in_the_notes(county, grid):
    imported(county["users"]["east"], village_sheet(), county["v_east"])
    found = people()
    assert found["王芳"].notes.startswith("丈夫在东莞；民族：苗族\n")  # then the reason she is kept outside the rule
    assert found["李小红"].notes == "民族：汉族"


def test_members_with_the_same_head_share_a_household(county, grid):
    imported(county["users"]["east"], village_sheet(), county["v_east"])
    found = people()
    assert found["李小红"].household_id is not None
    assert found["李小红"].household_id == found["李小明"].household_id
    assert found["李小红"].household.head_name == "李大山"
    assert found["王芳"].household_id != found["李小红"].household_id


def test_national_form_with_a_two_row_merged_header(county):
    result = imported(county["users"]["east"], national_form(), county["v_east"], group="children")
    assert result.unknown_columns() == []
    child = people()["张小花"]
    profile = db.session.execute(select(ChildProfile).filter_by(beneficiary_id=child.id)).scalar_one()
    assert (profile.guardian_name, profile.guardian_relation, profile.guardian_phone) == (
        "张奶奶", "grandparent", "13700003333")
    assert profile.parents_work_place == "父亲：广东东莞；母亲：浙江宁波"
    assert profile.parents_phone == "父亲：13700001111；母亲：13700002222"
    assert profile.schooling == "in_school"
    assert child.phone is None  # the guardian's phone is not the child's
    assert child.living_situation == "祖辈监护"
    assert "父亲姓名：张大力" in child.notes and "是否学校寄宿：否" in child.notes
    assert people()["张小军"].notes.startswith("兄妹；")  # the sheet's own note first, then the kept columns
    assert db.session.execute(select(ChildProfile).filter_by(beneficiary_id=people()["张小军"].id)).scalar_one(
        ).schooling == "preschool"


@pytest.mark.clock
def test_gbk_csv_of_women(county):
    imported(county["users"]["east"], women_csv("gbk"), county["east"], filename="妇女.csv", group="women")
    found = people()
    assert found["刘秀英"].birth_date == date(1985, 4, 1) and "年月" in found["刘秀英"].notes
    assert found["刘秀英"].gender == "F" and found["刘秀英"].place_id == county["v_east"].id
    assert "文化程度：初中" in found["刘秀英"].notes and found["孙桂兰"].phone is None
    profile = db.session.execute(select(WomanProfile).filter_by(beneficiary_id=found["刘秀英"].id)).scalar_one()
    assert profile.husband_name == "黄建国" and profile.husband_work_place == "广东深圳"
    assert 3 * 365 - 2 <= (local_today() - profile.husband_away_since).days <= 3 * 366


def test_utf8_csv_reads_the_same(county):
    imported(county["users"]["east"], women_csv("utf-8-sig"), county["v_east"], filename="w.csv", group="women")
    assert set(people()) == {"刘秀英", "孙桂兰"}


@pytest.mark.clock
def test_xls_of_elderly(county):
    result = imported(county["users"]["east"], elderly_xls(), county["v_east"], filename="老人.xls", group="elderly")
    assert len(result.rows) == 2
    found = people()
    assert (found["钱阿婆"].category, found["钱阿婆"].age_on(local_today())) == ("high_age", 82)
    profile = db.session.execute(select(ElderProfile).filter_by(beneficiary_id=found["钱阿婆"].id)).scalar_one()
    assert profile.children_whereabouts == "儿子在广东务工；电话：13500001111"
    assert profile.carer == "邻居照看"


def test_import_is_audited_as_one_import_and_each_record(county, grid):
    imported(county["users"]["east"], village_sheet(), county["v_east"], filename="东村台账.xlsx")
    run = db.session.execute(select(ImportRun)).scalar_one()
    assert (run.file_name, run.user_id, run.counts["written_new"]) == ("东村台账.xlsx", county["users"]["east"].id, 5)
    entries = db.session.execute(select(AuditEntry.action, AuditEntry.entity)).all()
    assert entries.count(("create", "beneficiary")) == 5
    assert ("import", "import") in entries


def test_preview_writes_nothing(county, grid):
    result = preview(county["users"]["east"], village_sheet(), county["v_east"])
    assert result.ok and result.counts["new"] == 5
    assert count() == 0


def test_unknown_columns_are_listed(county, grid):
    header = ["姓名", "性别", "出生日期", "身份类别", "爱好"]
    result = preview(county["users"]["east"], village_sheet([["甲", "男", "2015-01-01", "留守儿童", "画画"]], header),
                     county["v_east"])
    assert result.unknown_columns() == ["爱好"]


def test_the_user_can_fix_the_mapping(county):
    header = ["姓名", "性别", "出生日期", "身份类别", "住处"]
    sheet = village_sheet([["甲", "男", "2015-01-01", "留守儿童", "东村9号"]], header)
    result = preview(county["users"]["east"], sheet, county["v_east"], mapping={0: "姓名", 1: "性别", 2: "出生日期",
                                                                                3: "身份类别", 4: "家庭住址"})
    assert result.unknown_columns() == []
    assert result.rows[0].data["address"] == "东村9号"
