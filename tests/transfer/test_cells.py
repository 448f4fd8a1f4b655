"""Reading single cells: the date, ID-number, phone, age and choice formats ledgers use."""
from datetime import date

import pytest

from plugins.children.forms import SCHOOLING
from portal.transfer import cells
from portal.transfer.cells import CellError
from portal.transfer.header import is_column_numbers, is_sign_off
from portal.transfer.places import grid_key, village_key

from .sheets import id_number


@pytest.mark.parametrize("value, expected", [
    (date(2015, 3, 4), (date(2015, 3, 4), False)), ("2015-03-04", (date(2015, 3, 4), False)),
    ("2015/3/4", (date(2015, 3, 4), False)), ("2015.3.4", (date(2015, 3, 4), False)),
    ("2015年3月4日", (date(2015, 3, 4), False)), ("20150304", (date(2015, 3, 4), False)),
    (42067.0, (date(2015, 3, 4), False)),                      # an Excel date serial
    ("2015.03", (date(2015, 3, 1), True)), ("2015年3月", (date(2015, 3, 1), True)),
    (2015.06, (date(2015, 6, 1), True)),                       # 出生年月 typed as a number
])
def test_birth_dates(app, value, expected):
    assert cells.birth_date(value) == expected


@pytest.mark.parametrize("value", ["2019-13-40", "昨天", "2015-02-30", ""])
def test_bad_dates(app, value):
    with pytest.raises(CellError):
        cells.birth_date(value)


def test_id_numbers(app):
    assert cells.id_number(id_number().lower()[:-1] + id_number()[-1]) == id_number()
    assert cells.id_number("430521160501123") == "43052119160501123" + cells.idcard.check_char("43052119160501123")
    assert cells.id_number("430521********1234") is None  # a masked export says nothing new
    assert cells.id_number("无") is None
    with pytest.raises(CellError, match="校验位不符"):
        cells.id_number(id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1"))
    with pytest.raises(CellError, match="丢失位数"):
        cells.id_number(4.30521201605011e17)


def test_phones_ages_years_and_choices(app):
    assert [cells.phone(v) for v in ("无电话", "无", "/", "13800001111", 13800001111.0)] == [
        None, None, None, "13800001111", "13800001111"]
    assert [cells.age(v) for v in ("8", "8岁", "78周岁", 80.0)] == [8, 8, 78, 80]
    assert abs((date(2026, 1, 1) - cells.years_ago("3年", date(2026, 1, 1))).days - 1096) <= 1
    assert cells.years_ago(5, date(2026, 1, 1)).year == 2021
    parse = cells.choice(SCHOOLING, {"在读": "in_school"})
    assert [parse(v) for v in ("在校", "In school", "in_school", "在读", "")] == ["in_school"] * 4 + [None]
    with pytest.raises(CellError, match="放羊 不在可选值中：学前、在校、辍学、未到学龄"):
        parse("放羊")


def test_rows_and_names_around_the_table(app):
    assert is_sign_off(["", "填表人：张三", "", "审核人：李四"]) and is_sign_off(["合计", 25])
    assert not is_sign_off([3, "王芳", "女"])
    assert is_column_numbers(["1", "2", "3", "4"]) and not is_column_numbers(["1", "李", "2"])
    assert grid_key("一组") == grid_key("第一组") == grid_key("1组") == grid_key("01组") == grid_key("一组村民小组") == "1"
    assert grid_key("十二组") == "12"
    assert village_key("东村") == village_key("东村村委会") == village_key("东村村民委员会")
