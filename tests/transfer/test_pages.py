"""The import pages: upload, the guessed columns (fixable), the preview of every row, the commit."""
import io
import os
import re

from portal.extensions import db

from ..factories import make_place
from .helpers import count, people
from .sheets import village_rows, village_sheet


def upload(client, county, content, name="东村.xlsx", **fields):
    data = {"file": (io.BytesIO(content), name), "place": str(county["v_east"].id), "group": "", **fields}
    return client.post("/transfer/import", data=data, content_type="multipart/form-data")


def test_upload_preview_and_commit(client, county, grid, login):
    login("east")
    response = upload(client, county, village_sheet())
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "新增 5" in page and "李小红" in page and 'id="commit"' in page
    assert count() == 0
    assert 'id="outside-rules"' in page and "类别待确认" in page  # 王芳: husband's years away not recorded
    token = re.search(r"/transfer/import/([^/\"?]+)/commit", page).group(1)
    refused = client.post(f"/transfer/import/{token}/commit", data={"place": county["v_east"].id, "group": "",
                                                                    "update": "0"})
    assert refused.status_code == 400 and count() == 0
    done = client.post(f"/transfer/import/{token}/commit", data={"place": county["v_east"].id, "group": "",
                                                                 "update": "0", "outside_rules_reason": "村委会核实"})
    assert done.status_code == 302
    assert set(people()) == {"李小红", "李小明", "王芳", "赵德胜", "陈思"}


def test_a_bad_sheet_shows_every_problem_and_offers_no_commit(client, county, grid, login):
    rows = village_rows()
    rows[0][4] = "2019-13-40"
    login("east")
    page = client.get(upload(client, county, village_sheet(rows)).location).get_data(as_text=True)
    assert "出生日期: 2019-13-40 不是日期" in page
    assert 'id="commit"' not in page


def test_the_mapping_can_be_fixed_on_the_page(client, county, login):
    header = ["姓名", "性别", "出生日期", "身份类别", "住处"]
    login("east")
    location = upload(client, county, village_sheet([["甲", "男", "2015-01-01", "留守儿童", "东村9号"]], header)).location
    page = client.get(location).get_data(as_text=True)
    assert "不导入的列：住处" in page
    token = location.split("/")[-1].split("?")[0]
    fixed = {"place": county["v_east"].id, "group": "", "update": "0", "mapped": "1", "col-0": "姓名", "col-1": "性别",
             "col-2": "出生日期", "col-3": "身份类别", "col-4": "家庭住址"}
    page = client.post(f"/transfer/import/{token}", data=fixed).get_data(as_text=True)
    assert "不导入的列" not in page
    client.post(f"/transfer/import/{token}/commit", data=fixed)
    assert people()["甲"].address == "东村9号"


def test_a_token_is_tied_to_its_user_and_paths_are_never_taken_from_the_form(client, county, login, app):
    login("east")
    location = upload(client, county, village_sheet()).location
    login("west")
    response = client.get(location.replace(f"place={county['v_east'].id}", f"place={county['v_west'].id}"))
    assert response.status_code == 302  # west's own uploads hold no such token
    assert client.get("/transfer/import/..%2F..%2Fetc%2Fpasswd?place=1").status_code in (302, 404)
    assert all(name.split("-")[0].isdigit() for name in os.listdir(os.path.join(app.instance_path, "imports")))


def test_wrong_files_get_a_clear_error(client, county, login):
    login("east")
    page = upload(client, county, b"hello", name="notes.txt").get_data(as_text=True)
    assert "请上传 Excel（.xlsx、.xls）或 CSV 文件。" in page
    response = upload(client, county, b"not a workbook", name="x.xlsx")  # refused at once, on the file field
    assert response.status_code == 400 and "文件已损坏，或不是 Excel 工作簿。" in response.get_data(as_text=True)


def test_volunteers_may_not_import(client, county, login):
    login("vol")
    assert client.get("/transfer/import").status_code == 403


def test_the_upload_pickers_list_townships_until_one_is_chosen(client, login, county):
    """Issue 32: a county's 1,500 villages and 3,000 grids were 235 KB of options on each upload page; the picker
    lists the county and its townships, the chosen township's villages, and the chosen village's grids."""
    grid = make_place("G1", "一网格", "grid", county["v_east"])
    db.session.commit()
    login("coord")
    for url in ("/transfer/import", "/transfer/volunteers/import"):
        page = client.get(url).get_data(as_text=True)
        assert "东乡" in page and "西乡" in page and "东村" not in page and "一网格" not in page, url
    page = client.get(f"/transfer/import?place={county['east'].id}").get_data(as_text=True)
    assert "东村" in page and "西村" not in page and "一网格" not in page
    page = client.get(f"/transfer/volunteers/import?place={county['v_east'].id}").get_data(as_text=True)
    assert "东村" in page and "一网格" in page and f'<option selected value="{county["v_east"].id}"' in page
