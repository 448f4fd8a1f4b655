"""The health file (000: "为每一位留守人员建立一份健康状况信息档案"): readings checked and flagged, parts by role,
a child's illness says the parents were told (003), a chart of readings, scoping for every role."""
from datetime import date, timedelta

from sqlalchemy import func, select

from portal.assignment.models import Pairing
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db
from portal.health.models import HealthFacts, Illness, Reading

from ..factories import add_person, add_volunteer


def _elder(county, name="王奶奶", place="v_east"):
    return add_person("elderly", county[place], name=name, birth=date(1948, 4, 2))


def _pair_vol(county, person):
    helper = add_volunteer(county, "李阿姨", user=county["users"]["vol"], services=("elderly.daily_care",))
    db.session.add(Pairing(service="elderly.daily_care", beneficiary_id=person.id, volunteer_id=helper.id,
                           unit=f"b{person.id}", status="active", response="accepted", started_on=local_today()))
    db.session.commit()
    return helper


def _bp(client, person, systolic, diastolic, day=None):
    return client.post(f"/health/person/{person.id}/reading",
                       data={"kind": "bp", "systolic": systolic, "diastolic": diastolic,
                             "taken_on": (day or local_today()).isoformat(), "taken_by": "村医"})


def _count(model):
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_reading_is_kept_with_its_day_and_who_took_it_and_a_high_one_flags_the_person(client, login, county):
    person = _elder(county)
    login("elders")
    assert _bp(client, person, 128, 80).status_code == 302
    response = _bp(client, person, 165, 95)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "超出正常范围" in page
    rows = db.session.execute(select(Reading).order_by(Reading.id)).scalars().all()
    assert [(r.systolic, r.diastolic, r.taken_by, r.flagged) for r in rows] == [(128, 80, "村医", False),
                                                                              (165, 95, "村医", True)]
    assert rows[1].flags == "systolic,diastolic"
    assert _count(AuditEntry) >= 2
    flagged = client.get("/health/flagged").get_data(as_text=True)
    assert "王奶奶" in flagged and "165/95" in flagged
    _bp(client, person, 130, 82)  # the latest reading is normal again: no longer flagged
    assert "王奶奶" not in client.get("/health/flagged").get_data(as_text=True)


def test_implausible_readings_are_refused_naming_the_field_and_nothing_is_saved(client, login, county):
    person = _elder(county)
    login("elders")
    response = _bp(client, person, 400, 80)
    assert response.status_code == 400
    assert "收缩压（mmHg）：400 不是可能的数值" in response.get_data(as_text=True)
    response = client.post(f"/health/person/{person.id}/reading", data={"kind": "growth", "height": "300", "weight": "60",
                                                                        "taken_on": local_today().isoformat()})
    assert "身高（厘米）" in response.get_data(as_text=True) and response.status_code == 400
    response = _bp(client, person, 120, 80, day=date(1947, 1, 1))
    assert "测量日期：日期不能早于本人出生日期。" in response.get_data(as_text=True)
    response = _bp(client, person, 120, 80, day=local_today() + timedelta(days=1))
    assert "测量日期：日期不能晚于今天。" in response.get_data(as_text=True)
    response = _bp(client, person, 80, 120)
    assert "舒张压" in response.get_data(as_text=True) and response.status_code == 400
    assert _count(Reading) == 0 and _count(AuditEntry) == 0


def test_a_childs_illness_must_say_when_and_how_the_parents_were_told(client, login, county):
    child = add_person("children", county["v_east"], name="小明", birth=date(2015, 6, 1))
    login("kids")
    response = client.post(f"/health/person/{child.id}/illness", data={"what": "龋齿", "found_on": local_today()})
    assert response.status_code == 400 and "告知家人日期" in response.get_data(as_text=True)
    assert _count(Illness) == 0
    client.post(f"/health/person/{child.id}/illness", data={"what": "龋齿", "found_on": local_today(),
                                                            "family_told_on": local_today(), "family_told_how": "视频"})
    page = client.get(f"/health/person/{child.id}").get_data(as_text=True)
    assert "龋齿" in page and "视频" in page
    client.post(f"/health/person/{child.id}/vaccination", data={"vaccine": "麻腮风", "dose": "第2剂",
                                                                "given_on": "2017-06-01"})
    assert "麻腮风" in client.get(f"/health/person/{child.id}").get_data(as_text=True)


def test_facts_disability_grade_and_family_doctor(client, login, county):
    person = _elder(county)
    login("coord")
    bad = client.post(f"/health/person/{person.id}/facts", data={"disability_grade": "7"})
    assert bad.status_code == 400 and "残疾等级" in bad.get_data(as_text=True)
    client.post(f"/health/person/{person.id}/facts", data={"disability": "肢体", "disability_grade": "3",
                                                           "doctor": "镇卫生院张医生", "doctor_signed_on": "2026-03-01",
                                                           "allergies": "青霉素", "medicines": "降压药"})
    facts = db.session.execute(select(HealthFacts)).scalar_one()
    assert (facts.disability_grade, facts.doctor, facts.allergies) == (3, "镇卫生院张医生", "青霉素")
    client.post(f"/health/person/{person.id}/condition", data={"name": "高血压", "since": "2020-01-01"})
    page = client.get(f"/health/person/{person.id}").get_data(as_text=True)
    assert "高血压" in page and "肢体 · 3级" in page


def test_a_paired_helper_sees_what_the_pairing_needs_and_records_a_reading(client, login, county):
    person = _elder(county)
    other = _elder(county, name="别人家老人")
    login("coord")
    client.post(f"/health/person/{person.id}/facts", data={"disability": "肢体", "disability_grade": "2",
                                                           "doctor": "张医生", "allergies": "青霉素"})
    client.post(f"/health/person/{person.id}/illness", data={"what": "肺炎住院", "found_on": local_today()})
    _pair_vol(county, person)
    login("vol")
    page = client.get(f"/health/person/{person.id}").get_data(as_text=True)
    assert "青霉素" in page  # allergies: what daily care needs
    assert "张医生" not in page and "肺炎住院" not in page and "肢体" not in page
    assert _bp(client, person, 150, 92).status_code == 302
    assert _count(Reading) == 1
    assert client.get(f"/health/person/{other.id}").status_code == 404  # not paired: nothing at all
    assert _bp(client, other, 120, 80).status_code == 404
    assert client.post(f"/health/person/{person.id}/facts", data={"allergies": "无"}).status_code == 403
    assert client.get("/health/flagged").status_code == 403
    assert "健康档案" in client.get("/me/pairings").get_data(as_text=True)


def test_every_role_sees_only_the_files_in_its_scope(client, login, county):
    east, west = _elder(county, "东村老人"), _elder(county, "西村老人", place="v_west")
    child = add_person("children", county["v_east"], name="小明")
    expected = {"admin": {east, west, child}, "coord": {east, west, child}, "east": {east, child}, "west": {west},
                "elders": {east, west}, "kids": {child}, "vol": set()}
    for user, sees in expected.items():
        login(user)
        for person in (east, west, child):
            status = client.get(f"/health/person/{person.id}").status_code
            assert (status == 200) == (person in sees), (user, person.name, status)


def test_the_file_charts_readings_over_time_inline(client, login, county):
    person = _elder(county)
    login("elders")
    for days, s in ((90, 130), (60, 150), (30, 138)):
        _bp(client, person, s, 85, day=local_today() - timedelta(days=days))
    page = client.get(f"/health/person/{person.id}").get_data(as_text=True)
    chart = page[page.index('id="chart-bp"'):]
    assert "<svg" in chart and chart.count("<circle") >= 6 and "<polyline" in chart
    assert "cdn" not in page.lower()
    ledger = client.get(f"/g/elderly/{person.id}").get_data(as_text=True)
    assert 'id="health"' in ledger and "138/85" in ledger
