"""From the township's sheet to a pairing (issue 27): a sheet in the 2016 national format (农村留守儿童基本情况登记表)
is imported through the pages, and the next caring-family run of the township includes its children of
classes 1-3 (004 三(三): "1-3类儿童要确保至少有一户爱心干部职工家庭结对帮扶"), households together, and their
households' contact cards carry the helpers. On SQLite and PostgreSQL."""
from __future__ import annotations

import io
import re
from datetime import timedelta

from sqlalchemy import select

from portal.assignment.models import MatchRun, Pairing
from portal.assignment.pairings import commit_run
from portal.assignment.runs import create_run, execute_run
from portal.core.time import local_today
from portal.extensions import db
from portal.ledger.models import Beneficiary, Household
from portal.volunteers.models import Volunteer, VolunteerService

from .helpers import people
from .sheets import NATIONAL_SUB, NATIONAL_TOP, id_number, xlsx_bytes

#: The 2016 form as townships fill it, with the two columns many add at its end: 是否低保 and 身份类别.
TOP = NATIONAL_TOP[:-1] + ["是否低保", "身份类别", "备注"]
SUB = NATIONAL_SUB[:-1] + ["", "", ""]


def row(n, name, gender, born, father="", father_work="", mother="", mother_work="", health="健康", low="", kind="",
        number=""):
    return [n, name, gender, "汉族", born, number, "在校", "否", health, father, father_work, "", mother, mother_work, "",
            "张奶奶", "祖母", "13700003333", "祖辈监护", low, kind, ""]


def township_sheet() -> bytes:
    rows = [
        # Both parents away (their work places): class 6, which needs no caring family by default (004 三(三)).
        row(1, "张小花", "女", "2015-06-01", "张大力", "广东东莞", "刘梅", "浙江宁波"),
        row(2, "张小军", "男", "2018-01-20", "张大力", "广东东莞", "刘梅", "浙江宁波"),
        # 孤儿 written in the added column: class 1.
        row(3, "李孤", "男", "2014-03-02", "李某", "", "", "", kind="孤儿"),
        # 低保 with a serious disability: the rules make it class 3.
        row(4, "王小丽", "女", "2013-09-09", "王强", "", "赵芳", "", health="肢体残疾二级", low="是",
            number=id_number("20130909", "345")),
        # Siblings written as 事实无人抚养 (class 2): one household, by their father's name.
        row(5, "陈小强", "男", "2012-05-05", "陈大", "", "周敏", "", kind="事实无人抚养"),
        row(6, "陈小美", "女", "2016-07-07", "陈大", "", "周敏", "", kind="事实无人抚养"),
        # Nothing tells the class: flagged "category to confirm".
        row(7, "赵某", "男", "2016-02-02", "赵二", "", "", ""),
    ]
    merges = ["A1:V1", "A3:A4", "B3:I3", "J3:O3", "P3:S3", "T3:T4", "U3:U4", "V3:V4"]
    return xlsx_bytes([["农村留守儿童基本情况登记表"], ["乡镇：东乡    村（社区）：东村"], TOP, SUB, *rows,
                       ["填表人：", "", "", "联系电话："]], merges=merges)


def helper(county, name, gender, capacity):
    v = Volunteer(name=name, gender=gender, phone="13800000000", kind="caring_mother", place_id=county["v_east"].id,
                  lat=27.312, lon=111.812, travel_km=10, skills=["homework"], background_check="passed",
                  background_checked_on=local_today() - timedelta(days=30), status="active")
    v.services.append(VolunteerService(service="children.caring_pairing", capacity=capacity))
    db.session.add(v)
    db.session.commit()
    return v


def test_an_imported_sheet_reaches_the_next_caring_family_run_with_households_and_cards(app, client, county, login):
    login("east")  # the township coordinator of 东乡
    response = client.post("/transfer/import", data={
        "file": (io.BytesIO(township_sheet()), "东村留守儿童登记表.xlsx"), "place": county["v_east"].id,
        "group": "children"}, content_type="multipart/form-data")
    assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(response.location).get_data(as_text=True)
    assert "新增 7" in page and "类别待确认" in page and "未登记所需服务" in page
    token = re.search(r"/transfer/import/([^/\"?]+)/commit", page).group(1)
    done = client.post(f"/transfer/import/{token}/commit", data={"place": county["v_east"].id, "group": "children",
                                                                 "update": "0"})
    assert done.status_code == 302
    found = people()
    assert {n: p.category for n, p in found.items()} == {
        "张小花": "left_behind", "张小军": "left_behind", "李孤": "orphan", "王小丽": "disabled_low_income",
        "陈小强": "unsupported", "陈小美": "unsupported", "赵某": None}
    needs = {n for n, p in found.items() if "children.caring_pairing" in p.services}
    assert needs == {"李孤", "王小丽", "陈小强", "陈小美"}
    # Households by the form's parents: the siblings share one; every child has one.
    assert all(p.household_id for p in found.values())
    assert found["张小花"].household_id == found["张小军"].household_id
    assert found["陈小强"].household_id == found["陈小美"].household_id
    assert db.session.get(Household, found["陈小强"].household_id).head_name == "陈大"
    assert len({p.household_id for p in found.values()}) == 5

    # The ledger list marks who has no service and whose class is to confirm.
    listing = client.get("/g/children/").get_data(as_text=True)
    assert "类别待确认" in listing and "未登记所需服务" in listing

    # The next caring-family run of the township: classes 1-3 are in it, the siblings as one household.
    ann = helper(county, "安姐", "F", 2)
    helper(county, "薄哥", "M", 2)
    service = app.extensions["guanai"].services["children.caring_pairing"]
    run = create_run(county["users"]["east"], service, "volunteer", county["east"])
    execute_run(run.id)
    run = db.session.get(MatchRun, run.id)
    assert run.status == "proposed"
    given = {a["beneficiary"]: a["volunteer"] for a in run.result["assignments"]}
    assert set(given) == {f"b{found[n].id}" for n in needs}
    assert given[f"b{found['陈小强'].id}"] == given[f"b{found['陈小美'].id}"]
    assert given[f"b{found['王小丽'].id}"] == f"v{ann.id}"  # a girl of 8 or more gets a woman (004)
    commit_run(county["users"]["east"], run)
    db.session.commit()
    paired = db.session.execute(select(Beneficiary.name).join(Pairing, Pairing.beneficiary_id == Beneficiary.id)
                                .where(Pairing.status == "active")).scalars().all()
    assert set(paired) == needs

    # The village's contact cards: the imported households, with the helpers now paired.
    cards = client.get(f"/cards/batch/contacts?place={county['v_east'].id}").get_data(as_text=True)
    assert "陈大" in cards and "王强" in cards and "安姐" in cards and "薄哥" in cards
