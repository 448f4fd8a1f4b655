"""The register's import through the import machinery and the household's register (issue 29: "A register per person
or household ... import and export of the register"; 003: 低保, 临时救助 and 医疗救助 for the family; 001 篇十七): an
Excel sheet with a title row and real dates read once within the limits, every bad row named and nothing kept, and a
household's members' programmes held together, counted in SQL, for the roles that see them."""
import io
from datetime import date, datetime, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from portal.assistance.household import held_together
from portal.assistance.models import AssistanceCase
from portal.core.time import local_today
from portal.extensions import db
from portal.ledger.models import Household

from ..factories import add_person
from ..transfer.sheets import xlsx_bytes


def _import(client, data: bytes, name="救助台账.xlsx"):
    return client.post("/assistance/import", data={"sheet": (io.BytesIO(data), name)},
                       content_type="multipart/form-data")


def _count():
    return db.session.execute(select(func.count()).select_from(AssistanceCase)).scalar_one()


def test_an_excel_sheet_with_a_title_row_and_dates_is_read_once_all_or_nothing(client, login, county, app):
    grandma = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1948, 1, 1))
    child = add_person("children", county["v_east"], name="小明", birth=date(2015, 1, 1))
    login("east")
    applied = datetime.combine(local_today() - timedelta(days=40), datetime.min.time())
    title = ["东乡社会救助登记表（2026年）"]
    head = ["人员编号", "姓名", "救助项目", "状态", "申请日期", "批准日期", "金额（元）"]
    good = [title, head, [grandma.id, "王奶奶", "低保", "发放中", applied, applied + timedelta(days=10), 480.0],
            [float(child.id), "小明", "教育资助", "已申请", applied, None, None]]
    bad = good + [[grandma.id, "王奶奶", "医疗救助", "已批准", applied, None, 300],       # an approval needs its day
                  [99999, "无此人", "低保", "已申请", applied, None, None],
                  [child.id, "小明", "低保", "已申请", applied + timedelta(days=400), None, None]]
    response = _import(client, xlsx_bytes(bad))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "第 5 行，批准日期：" in page and "第 6 行，人员编号" in page and "第 7 行，申请日期：" in page
    assert "第 3 行" not in page and _count() == 0
    response = _import(client, xlsx_bytes(good))
    assert response.status_code == 302
    cases = {c.programme: c for c in db.session.execute(select(AssistanceCase)).scalars()}
    assert (cases["dibao"].state, cases["dibao"].amount, cases["dibao"].applied_on) == (
        "paying", Decimal("480.00"), applied.date())
    assert cases["education"].beneficiary_id == child.id
    # The import machinery's limits and its refusal of what is no sheet, named on the page.
    response = _import(client, b"%PDF-1.4 not a sheet", "台账.pdf")
    assert response.status_code == 400 and "请上传 Excel（.xlsx、.xls）或 CSV 文件。" in response.get_data(as_text=True)
    app.config["GUANAI_IMPORT_MAX_ROWS"] = 2
    try:
        response = _import(client, xlsx_bytes(good))
    finally:
        app.config.pop("GUANAI_IMPORT_MAX_ROWS")
    assert response.status_code == 400 and "表格超过 2 行" in response.get_data(as_text=True)
    assert _count() == 2
    login("west")                                              # the other township's coordinator
    response = _import(client, xlsx_bytes(good))
    assert response.status_code == 400 and "第 3 行，人员编号" in response.get_data(as_text=True)
    login("vol")
    assert _import(client, xlsx_bytes(good)).status_code == 403


def test_a_households_register_holds_its_members_programmes_together(client, login, county):
    home = county["home"]
    grandma = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1948, 1, 1), household_id=home.id)
    child = add_person("children", county["v_east"], name="小明", birth=date(2015, 1, 1), household_id=home.id)
    other = add_person("elderly", county["v_east"], name="邻居", birth=date(1950, 1, 1))
    day = local_today() - timedelta(days=30)
    db.session.add_all([
        AssistanceCase(beneficiary_id=grandma.id, programme="dibao", state="paying", applied_on=day, approved_on=day,
                       amount=Decimal("300")),
        AssistanceCase(beneficiary_id=child.id, programme="dibao", state="paying", applied_on=day, approved_on=day,
                       amount=Decimal("180.50")),
        AssistanceCase(beneficiary_id=child.id, programme="education", state="applied", applied_on=day),
        AssistanceCase(beneficiary_id=other.id, programme="dibao", state="paying", applied_on=day, approved_on=day,
                       amount=Decimal("999")),
    ])
    db.session.commit()
    together = {t.programme: t for t in held_together(home, county["users"]["coord"])}
    assert (together["dibao"].members, together["dibao"].receiving, together["dibao"].amount) == (2, 2, Decimal("480.50"))
    assert (together["education"].members, together["education"].receiving) == (1, 0)
    login("east")
    person_page = client.get(f"/g/elderly/{grandma.id}").get_data(as_text=True)
    assert f"/assistance/household/{home.id}" in person_page
    page = client.get(f"/assistance/household/{home.id}").get_data(as_text=True)
    assert "家庭救助台账" in page and "王奶奶" in page and "小明" in page and "邻居" not in page
    assert "480.50" in page and "999" not in page and "教育资助" in page
    # Staff of one group see their group's members only; a volunteer and the other township see nothing.
    login("elders")
    page = client.get(f"/assistance/household/{home.id}").get_data(as_text=True)
    assert "王奶奶" in page and "小明" not in page and "300.00" in page and "480.50" not in page
    login("west")
    assert client.get(f"/assistance/household/{home.id}").status_code == 404
    login("vol")
    assert client.get(f"/assistance/household/{home.id}").status_code == 403
    empty = Household(place_id=county["v_east"].id, head_name="空户")
    db.session.add(empty)
    db.session.commit()
    login("east")
    assert client.get(f"/assistance/household/{empty.id}").status_code == 404
