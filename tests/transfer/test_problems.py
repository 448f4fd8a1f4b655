"""Every bad cell named by its row and column; duplicates in the file and against the ledger; all or nothing."""
from datetime import date

import pytest
from sqlalchemy import select

from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.transfer.commit import ImportRefused, commit_preview

from ..factories import add_person
from .helpers import count, imported, people, preview
from .sheets import bad_check_digit, id_number, national_form, national_rows, village_rows, village_sheet


def problems_of(result) -> list[str]:
    return result.row_problems()


def test_every_kind_of_bad_cell_is_named_by_row_and_column(county, grid):
    rows = village_rows()
    rows[0][4] = "2019-13-40"                          # row 4: no such date
    rows[1][6] = bad_check_digit(id_number("20140903"))  # row 5
    rows[2][7] = "call me"                              # row 7
    rows[3][2] = "男女"                                 # row 8
    rows[4][10] = "外星人"                               # row 9: no such category
    rows.append([6, "", "男", "汉族", "2015-01-01", "", "", "", "", "", "留守儿童", "", ""])     # row 10: no name
    rows.append([7, "周周", "男", "汉族", "", "abc", "", "", "", "", "留守儿童", "", ""])       # row 11
    rows.append([8, "吴吴", "男", "汉族", "2030-01-01", "", "", "", "", "", "留守儿童", "", ""])  # row 12
    result = preview(county["users"]["east"], village_sheet(rows), county["v_east"])
    assert not result.ok
    found = problems_of(result)
    assert "row 4, 出生日期: 2019-13-40 不是日期" in found
    assert "row 5, 公民身份证号码: 校验位不符，请核对号码。" in found
    assert "row 7, 联系电话: 请填写手机号（11位）或带区号的固定电话，如 0731-1234567。" in found
    assert "row 8, 性别: 男女 不是性别（男或女）" in found
    assert "row 9, 身份类别: 外星人 不是本系统已知的身份类别" in found
    assert "row 10, 姓名: 未填写：每个人都要有姓名" in found
    assert "row 11, 年龄: abc 不是年龄" in found
    assert "row 12, 出生日期: 出生日期不能晚于今天。" in found
    assert [r.outcome for r in result.rows] == ["error"] * 8


def test_a_choice_outside_the_list_and_an_unknown_village(county):
    rows = national_rows()
    rows[0][6] = "放羊"
    result = preview(county["users"]["east"], national_form(rows), county["v_east"], group="children")
    assert any(p.startswith("row 5, 就学情况: 放羊 不在可选值中：") for p in problems_of(result))
    header = ["姓名", "性别", "出生日期", "村", "身份类别"]
    sheet = village_sheet([["甲", "男", "2015-01-01", "南村", "留守儿童"], ["乙", "女", "2015-02-01", "东村", "留守儿童"]],
                          header)
    result = preview(county["users"]["east"], sheet, county["east"])
    assert problems_of(result) == ["row 4, 村: 东乡 下没有名为 南村 的村"]
    assert result.rows[1].data["place_id"] == county["v_east"].id


def test_birth_date_must_agree_with_the_id_number(county, grid):
    rows = village_rows()
    rows[0][4] = "2016-05-02"
    result = preview(county["users"]["east"], village_sheet(rows), county["v_east"])
    assert problems_of(result) == ["row 4, 出生日期: 身份证号中的出生日期与填写的出生日期不一致。"]


def test_a_15_digit_id_number_is_converted(county, grid):
    rows = village_rows()
    rows[0][6] = "430521160501123"  # born 1916 in the old numbering: an elderly sheet would hold these
    rows[0][4], rows[0][10] = "", "留守老人"
    imported(county["users"]["east"], village_sheet(rows), county["v_east"])
    person = people()["李小红"]
    assert person.id_number.startswith("43052119160501123") and len(person.id_number) == 18
    assert person.birth_date == date(1916, 5, 1)


def test_a_person_twice_in_the_file_names_both_rows(county, grid):
    rows = village_rows()
    rows.append([6, "李小红", "女", "汉族", "2016-05-01", "", id_number(), "", "一组", "", "留守儿童", "", ""])
    rows.append([7, "赵德胜", "男", "汉族", "", "78", "", "", "三组", "", "独居老人", "", ""])
    result = preview(county["users"]["east"], village_sheet(rows), county["v_east"])
    assert problems_of(result) == ["row 10, 姓名: 与第 4 行是同一人", "row 11, 姓名: 与第 8 行是同一人"]


def test_reimporting_the_same_sheet_adds_nobody(county, grid):
    user = county["users"]["east"]
    imported(user, village_sheet(), county["v_east"])
    again = imported(user, village_sheet(), county["v_east"])
    assert again.counts["duplicate"] == 5 and again.counts["new"] == 0
    updated = imported(user, village_sheet(), county["v_east"], update=True)
    assert updated.counts["same"] == 5 and updated.counts["update"] == 0
    assert count() == 5


def test_duplicates_against_the_ledger_skip_or_update(county, grid):
    add_person("children", grid, name="李小明", gender="M", birth=date(2014, 9, 3), phone="13000000000")
    user = county["users"]["east"]
    skipped = preview(user, village_sheet(), county["v_east"])
    assert [r.outcome for r in skipped.rows] == ["new", "duplicate", "new", "new", "new"]
    updating = preview(user, village_sheet(), county["v_east"], update=True)
    assert (updating.rows[1].outcome, updating.rows[1].note) == ("update", "身份类别、家庭住址、备注")  # 留守儿童: class 6
    imported(user, village_sheet(), county["v_east"], update=True)
    person = people()["李小明"]
    assert count() == 5 and person.address == "东村一组5号"  # the sheet's fields
    assert person.phone == "13000000000"  # "无电话" says nothing new: an empty cell changes nothing


def test_an_id_number_in_another_group_is_an_error(county, grid):
    add_person("elderly", county["v_east"], name="李小红", birth=date(2016, 5, 1), id_number=id_number())
    result = preview(county["users"]["east"], village_sheet(), county["v_east"])
    assert problems_of(result) == ["row 4, 公民身份证号码: 已在留守老人台账中：李小红"]


def test_nothing_is_written_when_a_row_fails_at_commit(county, grid):
    """Someone adds a record with a sheet row's ID number between preview and commit: nothing is written."""
    user = county["users"]["east"]
    result = preview(user, village_sheet(), county["v_east"])
    assert result.ok
    add_person("women", county["v_west"], name="别人", id_number=id_number("20120304", "456"))
    with pytest.raises(ImportRefused) as refused:
        commit_preview(user, result, county["v_east"].id)
    db.session.rollback()
    assert refused.value.problems[0].startswith("row 9, 公民身份证号码:")
    assert db.session.execute(select(Beneficiary.name)).scalars().all() == ["别人"]


def test_a_dirty_preview_cannot_be_committed(county, grid):
    rows = village_rows()
    rows[0][4] = "2019-13-40"
    result = preview(county["users"]["east"], village_sheet(rows), county["v_east"])
    with pytest.raises(ImportRefused):
        commit_preview(county["users"]["east"], result, county["v_east"].id)
    assert count() == 0


def test_places_are_matched_only_within_the_jurisdiction(county):
    header = ["姓名", "性别", "出生日期", "村", "身份类别"]
    sheet = village_sheet([["甲", "男", "2015-01-01", "西村", "留守儿童"]], header)
    result = preview(county["users"]["east"], sheet, county["root"])  # east sees only 东乡's places
    assert problems_of(result) == ["row 4, 村: 示范县 下没有名为 西村 的村"]


def test_staff_may_import_only_their_own_group(county, grid):
    result = preview(county["users"]["kids"], village_sheet(), county["v_east"])
    assert [r.number for r in result.rows if r.outcome == "error"] == [7, 8]  # the woman and the elderly man
    assert "row 7, 身份类别: 您无权向这个群体添加人员。" in problems_of(result)
    refused = preview(county["users"]["kids"], village_sheet(), county["v_east"], group="elderly")
    assert refused.problems == ["您无权向这个群体添加人员。"]
