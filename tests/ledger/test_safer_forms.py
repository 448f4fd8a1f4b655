"""Safer ledger forms: no preselected gender, phone numbers checked with the phone keypad, and a person outside
the group's rule saved only on an explicit confirmation with the reason."""
from sqlalchemy import select

from portal.extensions import db
from portal.ledger.models import Beneficiary

from .test_ledger import form


def test_gender_has_no_default_and_is_required(client, county, login):
    login("east")
    page = client.get("/g/children/new").get_data(as_text=True)
    assert '<option selected value="F">' not in page and 'value="">' in page
    page = client.post("/g/children/new", data=form(county, gender="")).get_data(as_text=True)
    assert db.session.execute(select(Beneficiary)).first() is None


def test_phone_numbers_are_checked_and_bring_up_the_keypad(client, county, login):
    login("east")
    page = client.get("/g/children/new").get_data(as_text=True)
    assert 'type="tel"' in page and 'inputmode="tel"' in page
    for bad in ("12345", "2381234567", "138001380001"):
        client.post("/g/children/new", data=form(county, phone=bad))
        assert db.session.execute(select(Beneficiary)).first() is None, bad
    for good in ("13800138000", "0731-1234567"):
        client.post("/g/children/new", data=form(county, phone=good, name=good))
    assert len(db.session.execute(select(Beneficiary)).scalars().all()) == 2


def test_a_person_outside_the_groups_rule_is_saved_only_with_a_reason(client, county, login):
    login("east")
    adult = form(county, birth_date="2001-03-01", name="成年人")
    page = client.post("/g/children/new", data=adult).get_data(as_text=True)
    assert 'id="outside-rules"' in page
    assert db.session.execute(select(Beneficiary)).first() is None
    response = client.post("/g/children/new", data={**adult, "outside_rules_reason": "县里要求暂留一季度"})
    assert response.status_code == 302
    person = db.session.execute(select(Beneficiary)).scalar_one()
    assert "县里要求暂留一季度" in person.notes
    assert client.post("/g/children/new", data=form(county, name="孩子")).status_code == 302  # eligible: no question


def test_county_wide_list_shows_the_township_and_sorts_by_its_columns(client, county, login):
    from datetime import date

    from ..factories import add_person, make_place
    v0 = make_place("V0", "零村", "village", county["east"])
    add_person("children", county["v_east"], name="阿大", birth=date(2015, 1, 1))
    add_person("children", v0, name="阿二", birth=date(2018, 1, 1))
    add_person("children", county["v_west"], name="阿三", birth=date(2016, 1, 1))
    login("coord")
    page = client.get("/g/children/").get_data(as_text=True)
    assert "<th>乡镇</th>" in page and "<td>东乡</td>" in page and "<td>西乡</td>" in page
    order = lambda text: sorted(("阿大", "阿二", "阿三"), key=text.index)  # noqa: E731
    assert order(client.get("/g/children/?sort=age").get_data(as_text=True)) == ["阿二", "阿三", "阿大"]
    assert order(client.get("/g/children/?sort=-age").get_data(as_text=True)) == ["阿大", "阿三", "阿二"]
    assert order(client.get("/g/children/?sort=village").get_data(as_text=True)) == ["阿二", "阿大", "阿三"]
    assert client.get("/g/children/?sort=nonsense").status_code == 200
    # villages in code order in the place picker: 零村 (V0) before 东村 (V1), both under 东乡
    by_village = client.get("/g/children/?sort=village").get_data(as_text=True)
    assert by_village.index("零村") < by_village.index("东村")
    login("east")
    assert "<th>乡镇</th>" not in client.get("/g/children/").get_data(as_text=True)


def test_an_edit_that_takes_a_person_outside_the_rule_asks_too(client, county, login):
    login("east")
    client.post("/g/children/new", data=form(county))
    person = db.session.execute(select(Beneficiary)).scalar_one()
    older = form(county, birth_date="2001-03-01", version=str(person.version))
    assert 'id="outside-rules"' in client.post(f"/g/children/{person.id}/edit", data=older).get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Beneficiary, person.id).birth_date.year == 2016
