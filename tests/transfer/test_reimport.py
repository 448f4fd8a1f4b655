"""Re-importing a sheet right after importing it (issue 32): every row found again in the ledger, read in
statements that come per chunk of rows, never per row, and within the user's scope as before."""
from datetime import date, timedelta

from portal.extensions import db
from portal.testing import statements
from portal.transfer import duplicates
from portal.transfer.commit import commit_preview

from ..factories import add_person
from .helpers import imported, people, preview
from .sheets import id_number, village_sheet, xlsx_bytes

SURNAMES = "王李张刘陈杨赵黄周吴"
GIVEN = "小明华军芳丽强伟娟秀"


def many_rows(count: int, start: int = 0) -> list[list]:
    """``count`` children of 东村, each named differently; every other one with an ID-card number."""
    rows = []
    for i in range(start, start + count):
        born = date(2012, 1, 1) + timedelta(days=37 * i)
        name = SURNAMES[i % 10] + GIVEN[(i // 10) % 10] + GIVEN[(i // 100) % 10]
        number = id_number(born.strftime("%Y%m%d"), f"{i % 1000:03d}") if i % 2 else ""
        rows.append([i + 1, name, "女" if i % 3 else "男", "汉族", born.isoformat(), "", number, "", "", f"东村{i}号",
                     "留守儿童", "", ""])
    return rows


def reads(user, content, place, update=False) -> tuple[list[str], object]:
    """The statements a preview sends, and the preview (previewed once before, so that what the session had
    to load again after the last commit, the user and their place, is not counted)."""
    preview(user, content, place, update=update)
    with statements() as seen:
        result = preview(user, content, place, update=update)
    return seen, result


def test_a_reimport_reads_the_ledger_in_statements_that_do_not_grow_with_the_rows(county, monkeypatch):
    """6 rows and 18 rows re-imported: the same statements (one chunk of numbers, one of names); with chunks of
    5 rows, one statement more per further chunk of ID numbers and of names, none per row, and none to ask
    whether the user may see a record (issue 32)."""
    user, village = county["users"]["east"], county["v_east"]
    imported(user, village_sheet(many_rows(6)), village)
    few, result = reads(user, village_sheet(many_rows(6)), village)
    assert result.counts["duplicate"] == 6 and result.ok
    imported(user, village_sheet(many_rows(12, start=6)), village)
    rows = many_rows(18)
    more, result = reads(user, village_sheet(rows), village)
    assert result.counts["duplicate"] == 18 and all(r.note == r.name for r in result.rows)
    assert len(more) == len(few)
    monkeypatch.setattr(duplicates, "CHUNK", 5)
    chunked, result = reads(user, village_sheet(rows), village)
    assert result.counts["duplicate"] == 18
    # 9 ID numbers: 2 chunks; the 9 names of the rows without a number: 2 chunks (a row its number found is
    # looked up by name no more)
    numbers, names = sum(1 for r in rows if r[6]), sum(1 for r in rows if not r[6])
    assert len(chunked) - len(more) == (-(-numbers // 5) - 1) + (-(-names // 5) - 1) == 2


def test_a_record_found_by_its_id_number_alone_is_a_duplicate(county, grid):
    """The ledger spells the name otherwise: the ID-card number finds the record, in the user's area."""
    add_person("children", county["v_east"], name="李晓红", birth=date(2016, 5, 1), id_number=id_number())
    result = preview(county["users"]["east"], village_sheet(), county["v_east"])
    first = result.rows[0]
    assert (first.name, first.outcome, first.note) == ("李小红", "duplicate", "李晓红")


def test_an_id_number_held_outside_the_users_area_is_an_error_naming_nobody(county, grid):
    """Another township's record holds the sheet's number: the row says so, without the record's name."""
    add_person("children", county["v_west"], name="李晓红", birth=date(2016, 5, 1), id_number=id_number())
    result = preview(county["users"]["east"], village_sheet(), county["v_east"])
    assert result.row_problems() == ["row 4, 公民身份证号码: 您辖区以外已有记录使用这个身份证号"]


def test_a_namesake_elsewhere_is_no_duplicate(county, grid):
    """Same name and birth date in another township, outside the user's area: a new person."""
    add_person("children", county["v_west"], name="李小明", gender="M", birth=date(2014, 9, 3))
    result = preview(county["users"]["east"], village_sheet(), county["v_east"])
    assert result.rows[1].outcome == "new" and result.ok


def test_each_row_naming_an_unknown_village_is_named_and_sub_places_are_found_on_every_row(county, grid):
    """Villages and sub-places are looked up once per name and sheet: every row naming an unknown one still
    gets its own error, and every row naming a known one its place ("一组", "1组" the same grid)."""
    header = ["序号", "姓名", "性别", "出生日期", "村（社区）", "组别", "身份类别"]
    rows = [[1, "赵一", "男", "2015-03-01", "北村", "", "留守儿童"],
            [2, "赵二", "男", "2015-04-01", "东村", "一组", "留守儿童"],
            [3, "赵三", "女", "2015-05-01", "北村", "", "留守儿童"],
            [4, "赵四", "女", "2015-06-01", "东村村委会", "1组", "留守儿童"]]
    result = preview(county["users"]["east"], xlsx_bytes([header, *rows]), county["east"])
    assert result.row_problems() == ["row 2, 村（社区）: 东乡 下没有名为 北村 的村",
                                     "row 4, 村（社区）: 东乡 下没有名为 北村 的村"]
    assert [r.data.get("place_id") for r in result.rows] == [None, grid.id, None, grid.id]


def in_grid(rows: list[list]) -> list[list]:
    """The rows with 一组 as their sub-place."""
    return [[*row[:8], "一组", *row[9:]] for row in rows]


def test_an_updating_reimport_reads_in_statements_that_do_not_grow_with_the_rows(county, grid):
    """With updates on, the matched records, their profiles and the villages of their places are read a chunk
    at a time too: people recorded in 一组, a sheet naming their village alone, are the same (the village of
    each place read once for all rows, not a statement per row)."""
    user, village = county["users"]["east"], county["v_east"]
    imported(user, village_sheet(in_grid(many_rows(6))), village)
    few, result = reads(user, village_sheet(many_rows(6)), village, update=True)
    assert result.counts["same"] == 6
    imported(user, village_sheet(in_grid(many_rows(12, start=6))), village)
    more, result = reads(user, village_sheet(many_rows(18)), village, update=True)
    assert result.counts["same"] == 18 and len(more) == len(few)
    moved = many_rows(18)
    moved[0][9] = "东村新址1号"      # one new address: that row only is an update, named by its column
    more, result = reads(user, village_sheet(moved), village, update=True)
    assert result.counts == {"new": 0, "update": 1, "same": 17, "duplicate": 0, "error": 0}
    assert (result.rows[0].outcome, result.rows[0].note) == ("update", "家庭住址") and len(more) == len(few)


def test_an_updating_commit_reads_the_villages_once(county, grid):
    """People recorded in 一组, the sheet naming their village alone and a new address for each: the commit
    keeps their sub-place, reading the villages of their places in one statement for 18 rows as for 6 (the
    records' own UPDATEs are the ledger's batch's, one per record for its version check)."""
    user, village = county["users"]["east"], county["v_east"]
    place_reads = []
    for rows in (many_rows(6), many_rows(12, start=6)):
        imported(user, village_sheet(in_grid(rows)), village)
        for row in rows:
            row[9] = f"{row[9]}新址"
        result = preview(user, village_sheet(rows), village, update=True)
        assert result.counts["update"] == len(rows)
        with statements() as seen:
            commit_preview(user, result, village.id)
        db.session.commit()
        place_reads.append(sum(1 for statement in seen if "FROM places" in statement))
    assert place_reads == [1, 1]
    assert {p.place_id for p in people().values()} == {grid.id}
