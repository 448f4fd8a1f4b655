"""Who took part, imported from a sheet (issue 29: "Activities record which people took part (from a list of the people
the activity is for, on a phone, or imported)"; 002: the elders' free health check recorded from the day's 签到表):
read once within the import machinery's limits, each row matched by 人员编号, 身份证号码 or 姓名 among the people the
activity is for, every bad row named with its column, all recorded or none, scoped to the roles that run the activity."""
import io
import re
from datetime import date

from sqlalchemy import func, select

from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.received.models import Participation, ServiceRecord
from tests.neutral import FORMULA_NAME, assert_neutral_csv, csv_fields

from ..factories import add_person
from .test_attendance import _past_activity
from ..transfer.sheets import xlsx_bytes

ID_NUMBER = "43050119500301002X"


def _upload(client, activity, data: bytes, name="签到表.xlsx", group="elderly"):
    return client.post(f"/g/{group}/activities/{activity.id}/people/sheet",
                       data={"sheet": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def _count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def _elders(county):
    return (add_person("elderly", county["v_east"], name="王奶奶", birth=date(1950, 3, 1)),
            add_person("elderly", county["v_east"], name="李爷爷", birth=date(1950, 3, 1), id_number=ID_NUMBER),
            add_person("elderly", county["v_east"], name="张奶奶", birth=date(1948, 6, 1)))


def test_a_sign_in_sheet_ticks_the_people_it_names_and_records_the_health_check(client, login, county):
    a = _past_activity(county)
    wang, li, zhang = _elders(county)
    login("elders")
    client.post(f"/g/elderly/activities/{a.id}/people", data={"person": [zhang.id]})   # ticked on a phone before
    sheet = xlsx_bytes([["东乡免费体检签到表"], ["日期：", "2026-12-01"], ["序号", "姓 名", "身份证号码", "签名"],
                   [1, "王奶奶", None, "王"], [2, None, ID_NUMBER.lower(), "李"], [3, "王奶奶", None, "王"], [None]])
    response = _upload(client, a, sheet)
    page = response.get_data(as_text=True)
    # A preview: the list with the sheet's people ticked and marked, nothing written until the list is saved.
    assert response.status_code == 200 and "按表格：3 行，2 人，需新增 2 人（下方已标出）。尚未保存" in page
    assert _count(Participation) == 1 and _count(ServiceRecord) == 1
    checked = set(map(int, re.findall(r'value="(\d+)" checked', page)))
    assert checked == {wang.id, li.id, zhang.id} and page.count("来自表格") == 2
    client.post(f"/g/elderly/activities/{a.id}/people", data={"person": sorted(checked)})   # 保存
    ticked = set(db.session.execute(select(Participation.beneficiary_id)).scalars())
    assert ticked == {wang.id, li.id, zhang.id}                                     # nobody unticked
    assert set(db.session.execute(select(ServiceRecord.beneficiary_id)
                                  .where(ServiceRecord.service == "elderly.health_check")).scalars()) == ticked
    assert db.session.execute(select(func.count()).select_from(AuditEntry)
                              .where(AuditEntry.entity == "participation")).scalar_one() == 3
    # A CSV in GBK (what Chinese Excel saves), by 人员编号: the same people again adds nobody.
    csv = f"人员编号,姓名\r\n{wang.id},王奶奶\r\n{li.id},\r\n".encode("gb18030")
    page = _upload(client, a, csv, "签到.csv").get_data(as_text=True)
    assert "按表格：2 行，2 人，需新增 0 人" in page and "来自表格" not in page
    assert _count(Participation) == 3


def test_every_bad_row_is_named_with_its_column_and_nothing_is_recorded(client, login, county):
    a = _past_activity(county)
    wang, li, _zhang = _elders(county)
    add_person("elderly", county["v_east"], name="王奶奶", birth=date(1946, 1, 1))   # a second 王奶奶
    west = add_person("elderly", county["v_west"], name="西村老人", birth=date(1950, 3, 1))
    child = add_person("children", county["v_east"], name="小明")
    login("elders")
    sheet = xlsx_bytes([["人员编号", "姓名", "身份证号码"],
                   [None, "李爷爷", None],                        # fine
                   [None, "王奶奶", None],                        # two of them
                   [west.id, "西村老人", None],                   # another township's: not this activity's
                   [child.id, None, None],                       # another group's
                   [None, "赵大爷", None],                        # nobody
                   [li.id, "王奶奶", None],                       # the id's person has another name
                   [None, None, "110101199003070000"],           # an ID number none of them has
                   ["12x", None, None]])
    response = _upload(client, a, sheet)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    for message in ("第 3 行，姓名：活动面向的人中有 2 人名叫王奶奶，请填写人员编号或身份证号码。",
                    f"第 4 行，人员编号：{west.id} 不是本次活动面向的人。",
                    f"第 5 行，人员编号：{child.id} 不是本次活动面向的人。",
                    "第 6 行，姓名：赵大爷 不是本次活动面向的人。",
                    "第 7 行，姓名：这一行的人是李爷爷，不是王奶奶。",
                    "第 8 行，身份证号码：本次活动面向的人中没有这个身份证号码。",
                    "第 9 行，人员编号：12x 不是本次活动面向的人。"):
        assert message in page, message
    assert "第 2 行" not in page and "没有记录任何人：表格有问题。" in page
    assert _count(Participation) == _count(ServiceRecord) == _count(AuditEntry) == 0


def test_the_import_machinerys_limits_and_unreadable_files_are_refused_naming_why(client, login, county, app):
    a = _past_activity(county)
    _elders(county)
    login("elders")
    response = _upload(client, a, b"\x00\x01 not a sheet", "x.pdf")
    assert response.status_code == 400 and "请上传 Excel（.xlsx、.xls）或 CSV 文件。" in response.get_data(as_text=True)
    response = _upload(client, a, "序号,签名\n1,王\n".encode(), "x.csv")
    assert response.status_code == 400 and "前 10 行中需要有“人员编号”、“身份证号码”或“姓名”列" in response.get_data(as_text=True)
    app.config["GUANAI_IMPORT_MAX_ROWS"] = 3
    try:
        response = _upload(client, a, "姓名\n王奶奶\n李爷爷\n张奶奶\n".encode(), "x.csv")
    finally:
        app.config.pop("GUANAI_IMPORT_MAX_ROWS")
    assert response.status_code == 400 and "表格超过 3 行" in response.get_data(as_text=True)
    upcoming = _past_activity(county, days_ago=-2)
    response = _upload(client, upcoming, "姓名\n王奶奶\n".encode(), "x.csv")
    assert response.status_code == 400 and _count(Participation) == 0


def test_the_sheet_and_the_list_are_scoped_to_the_roles_that_run_the_activity(client, login, county):
    a = _past_activity(county)
    add_person("elderly", county["v_east"], name=FORMULA_NAME, birth=date(1950, 3, 1))
    add_person("elderly", county["v_west"], name="西村老人", birth=date(1950, 3, 1))
    sheet = "姓名\n西村老人\n".encode()
    for user, status in (("kids", 403), ("vol", 403), ("west", 404)):
        login(user)
        assert _upload(client, a, sheet, "x.csv").status_code == status, user
        assert client.get(f"/g/elderly/activities/{a.id}/people.csv").status_code == status, user
    assert _count(Participation) == 0
    login("east")
    response = client.get(f"/g/elderly/activities/{a.id}/people.csv")
    assert response.headers["Cache-Control"] == "no-store"
    assert_neutral_csv(response.data, FORMULA_NAME)
    assert csv_fields(response.data)[:3] == ["人员编号", "姓名", "村"] and "西村老人" not in csv_fields(response.data)
    assert _upload(client, a, sheet, "x.csv").status_code == 400           # not among the people it is for
    page = client.get(f"/g/elderly/activities/{a.id}/people").get_data(as_text=True)
    assert f"/g/elderly/activities/{a.id}/people.csv" in page and 'enctype="multipart/form-data"' in page
