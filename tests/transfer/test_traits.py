"""Traits on import (issue 28): an elder's traits (several at once) read from a named column with its header
aliases, and from the 身份类别 words that are traits ("空巢老人" is an ordinary elder who is empty-nest); written to
the duties' trait table, so the township cadre's weekly visit (001 篇十五, elders empty-nest or living alone)
follows; an unknown word is an error naming the row and the column."""
from sqlalchemy import select

from portal.duties.models import DutyDue, PersonTrait
from portal.extensions import db

from .helpers import imported, people, preview
from .sheets import xlsx_bytes

HEADER = ["序号", "姓名", "性别", "出生日期", "村（社区）", "身份类别", "老人类型"]


def _sheet(rows, header=HEADER) -> bytes:
    return xlsx_bytes([header, *rows])


def _traits(person) -> set[str]:
    return set(db.session.execute(select(PersonTrait.trait).where(PersonTrait.beneficiary_id == person.id)).scalars())


def test_traits_come_from_their_column_and_from_the_category_words(county, grid):
    rows = [[1, "赵德胜", "男", "1950-03-01", "东村", "空巢老人", ""],
            [2, "钱秀英", "女", "1940-07-12", "东村", "留守老人", "独居、高龄，低保"],
            [3, "孙大山", "男", "1955-01-20", "东村", "留守老人", ""]]
    imported(county["users"]["east"], _sheet(rows), county["v_east"])
    found = people()
    assert (found["赵德胜"].category, _traits(found["赵德胜"])) == ("ordinary", {"empty_nest"})
    assert _traits(found["钱秀英"]) == {"alone", "high_age", "dibao"}
    assert _traits(found["孙大山"]) == set()
    # the duty rule keyed on the traits follows at the commit: the township cadre's weekly visit (001 篇十五)
    weekly = set(db.session.execute(select(DutyDue.beneficiary_id).where(DutyDue.duty == "elderly.cadre")).scalars())
    assert found["赵德胜"].id in weekly and found["钱秀英"].id in weekly and found["孙大山"].id not in weekly


def test_the_column_has_header_aliases(county, grid):
    for header in ("特征", "老人特征", "特殊情况"):
        rows = [[1, f"李{header}", "男", "1950-03-01", "东村", "留守老人", "失独"]]
        imported(county["users"]["east"], _sheet(rows, [*HEADER[:-1], header]), county["v_east"])
        assert _traits(people()[f"李{header}"]) == {"lost_only_child"}, header


def test_an_unknown_trait_is_an_error_naming_the_row_and_the_column(county, grid):
    rows = [[1, "赵德胜", "男", "1950-03-01", "东村", "留守老人", "空巢、富裕"]]
    result = preview(county["users"]["east"], _sheet(rows), county["v_east"])
    assert not result.ok
    row = result.rows[0]
    assert row.outcome == "error" and row.number == 2
    assert [(column, "富裕" in message) for column, message in row.problems] == [("老人类型", True)]


def test_a_sheet_updating_an_elder_replaces_the_traits_it_names(county, grid):
    rows = [[1, "赵德胜", "男", "1950-03-01", "东村", "留守老人", "空巢、低保"]]
    imported(county["users"]["east"], _sheet(rows), county["v_east"])
    person = people()["赵德胜"]
    assert _traits(person) == {"empty_nest", "dibao"}
    rows = [[1, "赵德胜", "男", "1950-03-01", "东村", "留守老人", "独居"]]
    imported(county["users"]["east"], _sheet(rows), county["v_east"], update=True)
    assert _traits(person) == {"alone"}
