"""Ledger pages: create with validation, edit with audit, leave with history, list with filters."""
from datetime import date

import pytest
from sqlalchemy import select

from plugins.children.models import ChildProfile
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db
from portal.ledger.idcard import check_char
from portal.ledger.models import Beneficiary, Household

from ..factories import add_person


def valid_id(birth="20160501") -> str:
    first = "430521" + birth + "123"
    return first + check_char(first)


def form(county, **changes):
    data = {"name": "李小红", "gender": "F", "birth_date": "2016-05-01", "id_number": "", "phone": "",
            "place_id": county["v_east"].id, "household_id": county["home"].id, "new_household_head": "",
            "address": "东村1组", "living_situation": "与奶奶同住", "category": "left_behind", "needs": ["math", "reading"],
            "notes": "", "profile-father_status": "away", "profile-mother_status": "away",
            "profile-guardian_name": "王奶奶", "profile-guardian_relation": "grandparent", "profile-guardian_phone": "",
            "profile-parents_work_place": "东莞", "profile-parents_phone": "", "profile-school": "东村小学",
            "profile-grade_class": "三年级", "profile-schooling": "in_school", "profile-help_needed": "",
            "profile-wishes": "一本书"}
    data.update(changes)
    return data


def count(model):
    return db.session.execute(select(db.func.count()).select_from(model)).scalar_one()


def test_create_writes_person_profile_and_audit(client, county, login):
    login("east")
    response = client.post("/g/children/new", data=form(county, id_number=valid_id()))
    assert response.status_code == 302
    person = db.session.execute(select(Beneficiary)).scalar_one()
    assert (person.group, person.needs, person.household_id) == ("children", ["math", "reading"], county["home"].id)
    profile = db.session.execute(select(ChildProfile)).scalar_one()
    assert profile.beneficiary_id == person.id and profile.wishes == "一本书"
    entry = db.session.execute(select(AuditEntry)).scalar_one()
    assert (entry.action, entry.entity, entry.entity_id, entry.before) == ("create", "beneficiary", person.id, None)
    assert entry.after["profile.guardian_name"] == "王奶奶"
    assert entry.user_id == county["users"]["east"].id


def test_bad_input_names_the_field_and_writes_nothing(client, county, login):
    login("east")
    bad_id = valid_id()[:-1] + ("0" if valid_id()[-1] != "0" else "1")
    page = client.post("/g/children/new", data=form(county, name="", id_number=bad_id,
                                                    **{"profile-guardian_phone": "call me"}))
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "校验位不符" in text          # beside the ID-card field
    assert "请填写手机号（11位）或带区号的固定电话" in text       # beside the guardian's phone, from the plugin's form
    assert count(Beneficiary) == 0 and count(ChildProfile) == 0 and count(AuditEntry) == 0


def test_birth_date_must_match_the_id_number(client, county, login):
    login("east")
    page = client.post("/g/children/new", data=form(county, id_number=valid_id("20150501")))
    assert "身份证号中的出生日期" in page.get_data(as_text=True)
    assert count(Beneficiary) == 0


def test_duplicate_id_number_is_refused(client, county, login):
    login("east")
    client.post("/g/children/new", data=form(county, id_number=valid_id()))
    page = client.post("/g/children/new", data=form(county, name="另一个", id_number=valid_id()))
    assert "已有记录使用这个身份证号" in page.get_data(as_text=True)
    assert count(Beneficiary) == 1


def test_new_household_is_created_with_the_person(client, county, login):
    login("east")
    client.post("/g/children/new", data=form(county, household_id=0, new_household_head="张三"))
    person = db.session.execute(select(Beneficiary)).scalar_one()
    assert db.session.get(Household, person.household_id).head_name == "张三"


def test_edit_records_before_and_after(client, county, login):
    login("east")
    client.post("/g/children/new", data=form(county))
    person = db.session.execute(select(Beneficiary)).scalar_one()
    client.post(f"/g/children/{person.id}/edit", data=form(county, name="李小花", **{"profile-school": "镇中心小学"}))
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "update")).scalar_one()
    assert entry.before["name"] == "李小红" and entry.after["name"] == "李小花"
    assert set(entry.changed_fields()) == {"name", "profile.school"}
    page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    assert "李小花" in page and "镇中心小学" in page


@pytest.mark.clock
def test_leave_keeps_the_record_and_history(client, county, login):
    person = add_person("children", county["v_east"])
    login("east")
    assert client.post(f"/g/children/{person.id}/leave", data={"reason": "parents_returned",
                                                               "left_on": local_today().isoformat()}).status_code == 302
    db.session.refresh(person)
    assert (person.status, person.left_reason) == ("left", "parents_returned")
    assert db.session.execute(select(AuditEntry).where(AuditEntry.action == "leave")).scalar_one()
    link = f'href="/g/children/{person.id}"'
    assert link not in client.get("/g/children/").get_data(as_text=True)
    assert link in client.get("/g/children/?status=left").get_data(as_text=True)
    assert client.get(f"/g/children/{person.id}/edit").status_code == 302


def test_leave_refuses_a_future_date(client, county, login):
    person = add_person("children", county["v_east"])
    login("east")
    page = client.post(f"/g/children/{person.id}/leave", data={"reason": "moved", "left_on": "2999-01-01"})
    assert "日期不能晚于今天" in page.get_data(as_text=True)
    db.session.refresh(person)
    assert person.status == "active"


def test_list_searches_filters_and_pages(client, county, login):
    for i in range(7):
        add_person("children", county["v_east"], name=f"孩子{i}", category="left_behind")
    add_person("children", county["v_west"], name="西村孤儿", category="orphan")
    login("coord")
    first = client.get("/g/children/").get_data(as_text=True)
    assert "共 8 人" in first and "第 1 / 2 页" in first
    assert "孩子6" in client.get("/g/children/?page=2").get_data(as_text=True)
    by_category = client.get("/g/children/?category=orphan").get_data(as_text=True)
    assert "西村孤儿" in by_category and "孩子1" not in by_category
    by_place = client.get(f"/g/children/?place={county['east'].id}").get_data(as_text=True)
    assert "西村孤儿" not in by_place and "共 7 人" in by_place
    assert "孩子3" in client.get("/g/children/?q=孩子3").get_data(as_text=True)


def test_eligibility_and_aging_out_are_shown(client, county, login):
    old = add_person("children", county["v_east"], name="大孩", birth=date(2008, 1, 1), category="left_behind")
    login("coord")
    page = client.get(f"/g/children/{old.id}").get_data(as_text=True)
    assert "已超龄" in page and "已满 16 周岁" in page
    assert "超龄" in client.get("/g/children/").get_data(as_text=True)


def test_id_numbers_are_masked_for_staff(client, county, login):
    person = add_person("children", county["v_east"], id_number=valid_id())
    login("kids")
    page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    assert valid_id() not in page and "430521********" in page
    login("coord")
    assert valid_id() in client.get(f"/g/children/{person.id}").get_data(as_text=True)


def test_edit_keeps_the_persons_household_beyond_the_picker_limit(client, county, login, monkeypatch):
    import portal.ledger
    monkeypatch.setattr(portal.ledger.views, "HOUSEHOLD_CHOICES", 1)
    far = Household(place_id=county["v_east"].id, head_name="赵家")  # sorts after 王德福's household
    db.session.add(far)
    db.session.commit()
    person = add_person("children", county["v_east"], household_id=far.id)
    login("east")
    page = client.get(f"/g/children/{person.id}/edit").get_data(as_text=True)
    assert f'<option selected value="{far.id}">' in page
    response = client.post(f"/g/children/{person.id}/edit", data=form(county, household_id=far.id))
    assert response.status_code == 302
    db.session.refresh(person)
    assert person.household_id == far.id


def test_a_person_without_a_profile_can_be_edited(client, county, login):
    person = add_person("children", county["v_east"])  # no profile row yet, as after an import
    login("east")
    assert client.post(f"/g/children/{person.id}/edit", data=form(county)).status_code == 302
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.action == "update")).scalar_one()
    assert "profile.school" not in entry.before and entry.after["profile.school"] == "东村小学"


def test_household_picker_offers_the_villages_households(client, county, login):
    west_home = Household(place_id=county["v_west"].id, head_name="李大山")
    db.session.add(west_home)
    db.session.commit()
    person = add_person("children", county["v_east"], household_id=county["home"].id)
    login("coord")
    page = client.get(f"/g/children/{person.id}/edit").get_data(as_text=True)
    assert "王德福" in page and "李大山" not in page
    # A household from another village does not go with this place: refused beside the field, nothing saved.
    response = client.post(f"/g/children/{person.id}/edit", data=form(county, household_id=west_home.id))
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    field = page[page.index('for="household_id"') - 60:page.index('id="new_household_head"')]
    assert "has-error" in field and 'class="error"' in field
    db.session.refresh(person)
    assert person.household_id == county["home"].id
    # Moving the person to the other village, with that village's household, is fine.
    response = client.post(f"/g/children/{person.id}/edit",
                           data=form(county, place_id=county["v_west"].id, household_id=west_home.id))
    assert response.status_code == 302
    db.session.refresh(person)
    assert (person.place_id, person.household_id) == (county["v_west"].id, west_home.id)


def test_household_choices_for_a_place_as_json_within_jurisdiction(client, county, login):
    login("east")
    rows = client.get(f"/g/children/households?place={county['v_east'].id}").get_json()
    assert rows == [{"id": county["home"].id, "label": "王德福 (东村1组)"}]
    assert client.get(f"/g/children/households?place={county['v_west'].id}").status_code == 404
    assert client.get("/g/children/households").status_code == 404
