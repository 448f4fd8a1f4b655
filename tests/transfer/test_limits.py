"""An upload is untrusted (issue 26's probe): the request, the workbook unpacked, its rows and its cells have
limits checked before or while the sheet is read, each refusal naming its limit; a sheet is parsed once,
when it is uploaded, and the preview and the commit read the rows kept."""
import io
import re
import time
import zipfile

from openpyxl import Workbook

from .helpers import people
from .sheets import VILLAGE_HEADER, village_rows, village_sheet
from .test_pages import upload


def one_huge_string(size: int) -> bytes:
    """A small workbook holding one inline string of ``size`` characters, as the probe's 303 KB file held one of
    300 MB (written by hand: openpyxl cuts strings at Excel's 32,767 characters)."""
    book = Workbook()
    book.active.append(["姓名", "备注"])
    book.active.append(["李小红", "x"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<c r="B2"[^>]*>.*?</c>', b'<c r="B2" t="inlineStr"><is><t>' + b"a" * size
                              + b"</t></is></c>", data)
            target.writestr(info.filename, data)
    return out.getvalue()


def csv_bytes(rows) -> bytes:
    return "\n".join(",".join(map(str, row)) for row in rows).encode("utf-8")


def test_a_workbook_that_unpacks_past_the_limit_is_refused_before_it_is_parsed(app, client, county, login):
    app.config["GUANAI_IMPORT_MAX_UNPACKED_BYTES"] = 2 * 1024 * 1024
    data = one_huge_string(3 * 1024 * 1024)
    assert len(data) < 100 * 1024
    login("east")
    started = time.perf_counter()
    response = upload(client, county, data)
    assert time.perf_counter() - started < 10
    assert response.status_code == 400
    assert "这个工作簿解压后超过 2 MB：请拆分成较小的表格。" in response.get_data(as_text=True)


def test_rows_and_cells_past_their_limits_are_refused_naming_them(app, client, county, login):
    app.config.update(GUANAI_IMPORT_MAX_ROWS=10, GUANAI_IMPORT_MAX_CELL_CHARS=100)
    login("east")
    response = upload(client, county, csv_bytes([["姓名", "性别"]] + [[f"人{i}", "女"] for i in range(20)]), name="a.csv")
    assert response.status_code == 400 and "表格超过 10 行：请拆分成较小的表格。" in response.get_data(as_text=True)
    response = upload(client, county, csv_bytes([["姓名", "备注"], ["李小红", "长" * 101]]), name="a.csv")
    assert response.status_code == 400 and "第 2 行有一个单元格超过 100 个字符。" in response.get_data(as_text=True)
    response = upload(client, county, csv_bytes([["姓名"] + ["x"] * 300]), name="a.csv")
    assert response.status_code == 400 and "第 1 行超过 200 列。" in response.get_data(as_text=True)


def test_a_request_past_the_limit_is_a_413_naming_it(app, client, county, login):
    app.config["MAX_CONTENT_LENGTH"] = 1024 * 1024
    login("east")
    response = upload(client, county, b"x" * (1024 * 1024 + 1), name="big.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and "上传的内容超过 1 MB，这是平台一次能接收的上限。" in page


def test_the_sheet_is_parsed_once_and_its_rows_kept(client, county, grid, login, monkeypatch):
    rows = village_rows()
    login("east")
    response = upload(client, county, village_sheet(rows))
    assert response.status_code == 302, re.findall(r'(?s)role="alert"[^>]*>(.*?)<', response.get_data(as_text=True))

    def no_second_parse(*args, **kwargs):
        raise AssertionError("the upload was parsed again")
    monkeypatch.setattr("portal.transfer.preview.read_rows", no_second_parse)
    monkeypatch.setattr("portal.transfer.sheets.read_rows", no_second_parse)
    page = client.get(response.location).get_data(as_text=True)
    assert "新增 5" in page and "李小红" in page
    fixed = client.post(response.location.split("?")[0], data={
        "place": county["v_east"].id, "group": "", "update": "0", "mapped": "1",
        **{f"col-{i}": title for i, title in enumerate(VILLAGE_HEADER)}})
    assert fixed.status_code == 200 and "新增 5" in fixed.get_data(as_text=True)
    token = re.search(r"/transfer/import/([^/\"?]+)/commit", page).group(1)
    done = client.post(f"/transfer/import/{token}/commit", data={"place": county["v_east"].id, "group": "",
                                                                 "update": "0", "outside_rules_reason": "村委会核实"})
    assert done.status_code == 302
    person = people()["李小红"]
    assert person.birth_date.isoformat() == "2016-05-01"  # a date cell kept as a date between the pages
