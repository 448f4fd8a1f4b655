"""Exports: only what the user may see, ID numbers only for the roles that may read them, headers in the
user's language, the list's own search and filters; files Excel and WPS open."""
import csv
import io
from datetime import date

from flask_babel import refresh
from openpyxl import load_workbook

from ..factories import add_person
from .sheets import id_number


def rows_of_xlsx(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data), read_only=True).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


def rows_of_csv(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())  # the mark Excel and WPS need to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def two_villages(county):
    add_person("children", county["v_east"], name="东娃", id_number=id_number())
    add_person("children", county["v_west"], name="西娃", birth=date(2015, 1, 1))


def test_export_holds_only_the_users_jurisdiction(client, county, login):
    two_villages(county)
    login("east")
    response = client.get("/transfer/export/g/children.xlsx")
    assert response.status_code == 200
    assert response.mimetype.endswith("spreadsheetml.sheet")
    disposition = response.headers["Content-Disposition"]
    assert 'filename="children.xlsx"' in disposition and "filename*=UTF-8''%E7%95%99%E5%AE%88" in disposition
    rows = rows_of_xlsx(response.get_data())
    assert rows[0][:3] == ["姓名", "性别", "出生日期"]
    assert [r[0] for r in rows[1:]] == ["东娃"]


def test_id_numbers_whole_only_for_roles_that_may_read_them(client, county, login):
    two_villages(county)
    login("coord")
    rows = rows_of_csv(client.get("/transfer/export/g/children.csv").get_data())
    column = rows[0].index("公民身份证号码")
    assert rows[1][column] == id_number()
    login("kids")  # staff: masked
    rows = rows_of_csv(client.get("/transfer/export/g/children.csv").get_data())
    assert rows[1][column] == id_number()[:6] + "*" * 12  # region code only: no birth date, sequence or check


def test_export_keeps_the_lists_search_and_filters(client, county, login):
    two_villages(county)
    login("admin")
    rows = rows_of_csv(client.get(f"/transfer/export/g/children.csv?place={county['v_west'].id}").get_data())
    assert [r[0] for r in rows[1:]] == ["西娃"]
    rows = rows_of_csv(client.get("/transfer/export/g/children.csv?q=东").get_data())
    assert [r[0] for r in rows[1:]] == ["东娃"]


def test_headers_in_the_users_language(client, county, login):
    two_villages(county)
    login("admin")
    client.post("/lang/en", data={"next": "/"})
    refresh()  # the tests share one app context, where Flask-Babel keeps the locale it chose first
    rows = rows_of_csv(client.get("/transfer/export/g/children.csv").get_data())
    assert rows[0][:3] == ["Name", "Gender", "Date of birth"]


def test_a_group_the_user_may_not_open_is_not_exported(client, county, login):
    two_villages(county)
    login("elders")
    assert client.get("/transfer/export/g/children.csv").status_code == 404
    login("vol")
    assert client.get("/transfer/export/g/children.csv").status_code == 403


def test_the_ledger_list_offers_the_export(client, county, login):
    login("admin")
    page = client.get("/g/children/?q=东").get_data(as_text=True)
    assert "/transfer/export/g/children.xlsx?q=" in page


def test_a_template_per_group(client, county, login):
    login("kids")
    rows = rows_of_xlsx(client.get("/transfer/template/children.xlsx").get_data())
    assert rows[0][0] == "姓名" and "监护人姓名" in rows[0] and len(rows) == 1


def test_a_row_holds_the_persons_profile_household_and_place_read_in_one_streamed_query(client, county, login):
    from plugins.elderly.columns import SELF_CARE
    from portal.extensions import db
    from portal.ledger.models import Household
    from portal.plugin.manager import current_plugins
    from portal.transfer import cells
    home = Household(place_id=county["v_east"].id, head_name="张大爷家")
    db.session.add(home)
    db.session.commit()
    elder = add_person("elderly", county["v_east"], name="张奶奶", category="alone", household_id=home.id)
    add_person("elderly", county["v_east"], name="李爷爷", category="ordinary")  # no profile, no household
    model = current_plugins().group("elderly").profile_model
    db.session.add(model(beneficiary_id=elder.id, self_care="partial", carer="邻居"))
    db.session.commit()
    login("coord")
    rows = rows_of_csv(client.get("/transfer/export/g/elderly.csv").get_data())
    head, by_name = rows[0], {r[0]: dict(zip(rows[0], r)) for r in rows[1:]}
    assert set(by_name) == {"张奶奶", "李爷爷"}
    zhang, li = by_name["张奶奶"], by_name["李爷爷"]
    assert zhang["户主姓名"] == "张大爷家" and zhang["村（社区）"] == county["v_east"].name
    assert zhang["身份类别"] == "独居" and zhang["自理能力"] == cells.label_of(SELF_CARE, "partial")
    assert zhang["照料人"] == "邻居" and li["照料人"] == "" and li["户主姓名"] == ""
    assert len(head) == len(rows[1])
