"""ID-card numbers and households reach only those who may see them (issue 12, personal data)."""
from sqlalchemy import select

from portal.extensions import db
from portal.ledger.models import Beneficiary, Household

from ..factories import add_person
from .test_ledger import form, valid_id


def test_staff_never_receive_the_whole_number_and_an_untouched_edit_keeps_it(client, county, login):
    person = add_person("children", county["v_east"], id_number=valid_id(), household_id=county["home"].id)
    login("kids")
    page = client.get(f"/g/children/{person.id}/edit").get_data(as_text=True)
    assert valid_id() not in page and valid_id()[6:14] not in page.replace("2016-05-01", "")
    assert "已登记" in page
    assert client.post(f"/g/children/{person.id}/edit", data=form(county, name="李小红二")).status_code == 302
    db.session.refresh(person)
    assert person.id_number == valid_id() and person.name == "李小红二"


def test_the_mask_hides_birth_date_sequence_and_check_digit(client, county, login):
    person = add_person("children", county["v_east"], id_number=valid_id())
    login("kids")
    page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    assert "430521************" in page and valid_id()[-4:] not in page.replace("2016-05-01", "")


def test_volunteers_learn_only_that_a_number_is_recorded(app, county):
    from portal.ledger.idcard import shown
    assert shown(valid_id(), county["users"]["vol"]) == "已登记"
    assert shown(valid_id(), county["users"]["coord"]) == valid_id()
    assert shown(None, county["users"]["vol"]) == ""


def test_household_picker_lists_only_households_of_the_staffs_group(client, county, login):
    other = Household(place_id=county["v_east"].id, head_name="孤老刘", address="东村9组")
    db.session.add(other)
    db.session.commit()
    add_person("elderly", county["v_east"], name="刘奶奶", household_id=other.id)
    add_person("children", county["v_east"], household_id=county["home"].id)
    login("kids")
    listed = str(client.get(f"/g/children/households?place={county['v_east'].id}").get_json())
    assert "王德福" in listed and "孤老刘" not in listed and "东村9组" not in listed


def test_id_number_search_is_a_post_never_a_url(client, county, login):
    add_person("children", county["v_east"], name="要找的", id_number=valid_id())
    login("coord")
    assert "要找的" not in client.get(f"/g/children/?q={valid_id()}").get_data(as_text=True)
    found = client.post("/g/children/", data={"id_number": valid_id().lower()}).get_data(as_text=True)
    assert "要找的" in found
    assert 'method="post"' in client.get("/g/children/").get_data(as_text=True)


def test_duplicate_number_outside_the_view_is_not_located(client, county, login):
    add_person("children", county["v_west"], name="西边的", id_number=valid_id())
    login("east")
    page = client.post("/g/children/new", data=form(county, id_number=valid_id())).get_data(as_text=True)
    assert "已在您看不到的记录中登记" in page and "西边的" not in page and "县级协调员" in page
    login("coord")
    page = client.post("/g/children/new", data=form(county, id_number=valid_id())).get_data(as_text=True)
    assert "西边的" in page
    assert db.session.execute(select(db.func.count()).select_from(Beneficiary)).scalar_one() == 1


def test_a_save_from_an_older_form_is_refused_showing_the_other_changes(client, county, login):
    login("east")
    client.post("/g/children/new", data=form(county))
    person = db.session.execute(select(Beneficiary)).scalar_one()
    page = client.get(f"/g/children/{person.id}/edit").get_data(as_text=True)
    assert 'name="version" type="hidden" value="1"' in page
    first = client.post(f"/g/children/{person.id}/edit", data=form(county, name="先改的", version="1"))
    assert first.status_code == 302
    late = client.post(f"/g/children/{person.id}/edit", data=form(county, name="后改的", notes="晚到的", version="1"))
    text = late.get_data(as_text=True)
    assert late.status_code == 200 and "先改的" in text and "李小红" in text and "已有其他人保存" in text
    db.session.refresh(person)
    assert person.name == "先改的" and person.notes == "" and person.version == 2
    assert 'name="version" type="hidden" value="2"' in text
    again = client.post(f"/g/children/{person.id}/edit", data=form(county, name="后改的", version="2"))
    assert again.status_code == 302
