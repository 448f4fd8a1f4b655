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


def _exported(client, kind: str) -> bytes:
    return client.get(f"/transfer/export/g/elderly.{kind}").get_data()


def test_the_export_writes_the_traits_under_the_header_the_import_reads_and_imports_again_unchanged(
        county, grid, client, login):
    """002 line 121 ("建立以空巢、高龄、特困、失能等为主的农村留守老人信息档案"): the traits are part of the elder's file, so
    the ledger's export carries them (老人特征, the labels joined with 、), in CSV and in xlsx, and each export read
    back changes nobody's traits nor anything else."""
    import csv
    import io

    from openpyxl import load_workbook
    rows = [[1, "赵德胜", "男", "1950-03-01", "东村", "空巢老人", ""],
            [2, "钱秀英", "女", "1940-07-12", "东村", "留守老人", "独居、高龄，低保"],
            [3, "孙大山", "男", "1955-01-20", "东村", "留守老人", ""],
            [4, "周桂兰", "女", "1945-05-05", "东村", "留守老人", "失能·半失能、失独、特困"]]
    imported(county["users"]["east"], _sheet(rows), county["v_east"])
    before = {p.name: _traits(p) for p in people().values()}
    assert before["钱秀英"] == {"alone", "high_age", "dibao"} and before["孙大山"] == set()
    login("coord")
    text = _exported(client, "csv").decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text)))
    assert "老人特征" in table[0]
    by_name = {r[0]: dict(zip(table[0], r)) for r in table[1:]}
    assert by_name["钱秀英"]["老人特征"] == "独居、高龄、低保" and by_name["孙大山"]["老人特征"] == ""
    assert by_name["赵德胜"]["老人特征"] == "空巢"
    sheet = load_workbook(io.BytesIO(_exported(client, "xlsx")), read_only=True).active
    head, *body = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert {r[0]: r[head.index("老人特征")] or "" for r in body} == {n: v["老人特征"] for n, v in by_name.items()}
    for kind, name in (("csv", "台账.csv"), ("xlsx", "台账.xlsx")):
        again = imported(county["users"]["east"], _exported(client, kind), county["v_east"], filename=name,
                         update=True)
        assert again.counts.get("same") == 4 and not again.counts.get("new") and not again.counts.get("update"), \
            (kind, again.counts)
        assert {p.name: _traits(p) for p in people().values()} == before, kind
    # and the traits do travel: a ledger that lost them gets them back from the export
    saved = _exported(client, "xlsx")
    from portal.plugin import set_traits
    set_traits(people()["钱秀英"].id, ())
    db.session.commit()
    back = imported(county["users"]["east"], saved, county["v_east"], update=True)
    assert back.counts.get("update") == 1 and _traits(people()["钱秀英"]) == {"alone", "high_age", "dibao"}
