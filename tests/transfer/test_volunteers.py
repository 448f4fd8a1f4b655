"""Volunteers import the same way (name, gender, phone, village, kind, services with capacity, skills); the
volunteers list and an area's pairings export."""
import csv
import io

from sqlalchemy import select

from portal.extensions import db
from portal.volunteers.models import Volunteer

from ..factories import add_volunteer
from .sheets import xlsx_bytes


def sheet(rows=None) -> bytes:
    return xlsx_bytes([["东乡志愿者花名册"], ["姓名", "性别", "联系电话", "村", "类型", "服务", "技能"],
                       *(rows if rows is not None else [
                           ["周老师", "女", "13800003333", "东村", "教师", "学业辅导（含学习帮扶计划）×2；心理疏导",
                            "数学、阅读"],
                           ["吴大哥", "男", "13800004444", "东村", "邻居", "日常照料（家务、代购）×3", "生活照料、跑腿代办"]]),
                       ["填表人：东乡团委"]])


def write(tmp_path, content):
    path = tmp_path / "志愿者.xlsx"
    path.write_bytes(content)
    return str(path)


def volunteers():
    return {v.name: v for v in db.session.execute(select(Volunteer)).scalars()}


def test_volunteers_import_with_services_capacities_and_skills(app, county, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", "volunteers", write(tmp_path, sheet()), "--place", "T1", "--commit"])
    assert result.exit_code == 0, result.output
    found = volunteers()
    teacher = found["周老师"]
    assert (teacher.kind, teacher.place_id, teacher.status) == ("teacher", county["v_east"].id, "pending")
    assert {s.service: s.capacity for s in teacher.services} == {"children.tutoring": 2, "children.counselling": 1}
    assert teacher.skills == ["math", "reading"]
    assert {s.service: s.capacity for s in found["吴大哥"].services} == {"elderly.daily_care": 3}
    assert found["吴大哥"].skills == ["care", "跑腿代办"]  # a skill not in the list is kept as written
    again = runner.invoke(args=["import", "volunteers", write(tmp_path, sheet()), "--place", "T1", "--commit"])
    assert "2 duplicate" in again.output and len(volunteers()) == 2


def test_bad_volunteer_rows_are_named_and_nothing_is_written(app, county, tmp_path):
    rows = [["周老师", "女", "", "东村", "教师", "学业辅导", ""], ["吴大哥", "男", "13800004444", "东村", "邻居", "跳舞×2", ""]]
    result = app.test_cli_runner().invoke(args=["import", "volunteers", write(tmp_path, sheet(rows)), "--place", "T1",
                                                "--commit"])
    assert result.exit_code == 2
    assert "row 3, 联系电话: 未填写：志愿者需要联系电话" in result.output
    assert "row 4, 服务: 跳舞 不是本系统提供的服务" in result.output
    assert volunteers() == {}


def test_volunteers_export_reimports_unchanged(client, app, county, login, tmp_path):
    app.test_cli_runner().invoke(args=["import", "volunteers", write(tmp_path, sheet()), "--place", "T1", "--commit"])
    login("east")
    data = client.get("/transfer/export/volunteers.xlsx").get_data()
    result = app.test_cli_runner().invoke(args=["import", "volunteers", write(tmp_path, data), "--place", "T1",
                                                "--update"])
    assert result.exit_code == 0, result.output
    assert "0 new, 0 update, 2 same" in result.output


def test_pairings_export_holds_the_users_area(client, county, login):
    from portal.assignment.models import Pairing
    from tests.factories import add_person
    helper = add_volunteer(county, "刘阿姨")
    east = add_person("children", county["v_east"], name="东娃")
    west = add_person("children", county["v_west"], name="西娃")
    for person in (east, west):
        db.session.add(Pairing(service="children.family_call", beneficiary_id=person.id, volunteer_id=helper.id,
                               unit=f"b{person.id}"))
    db.session.commit()
    login("east")
    text = client.get("/transfer/export/pairings.csv").get_data().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[1:]] == ["东娃"] and rows[1][4] == "刘阿姨"


def test_volunteers_import_pages(client, county, login):
    login("east")
    response = client.post("/transfer/volunteers/import", data={
        "file": (io.BytesIO(sheet()), "志愿者.xlsx"), "place": str(county["east"].id)},
        content_type="multipart/form-data")
    assert response.status_code == 302
    page = client.get(response.location).get_data(as_text=True)
    assert "新增 2" in page and 'id="commit"' in page
    token = response.location.split("/")[-1].split("?")[0]
    done = client.post(f"/transfer/volunteers/import/{token}/commit", data={"place": county["east"].id, "update": "0"})
    assert done.status_code == 302 and set(volunteers()) == {"周老师", "吴大哥"}
    login("kids")  # staff do not import volunteers
    assert client.get("/transfer/volunteers/import").status_code == 403
