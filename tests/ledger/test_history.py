"""A person's history on their page: each field by its label, old value -> new value; leaving and coming back."""
from sqlalchemy import select

from portal.extensions import db
from portal.ledger.models import Beneficiary

from .test_ledger import form


def _created(client, county):
    client.post("/g/children/new", data=form(county))
    return db.session.execute(select(Beneficiary)).scalar_one()


def test_history_names_fields_by_label_with_old_and_new_values(client, county, login):
    login("east")
    person = _created(client, county)
    r = client.post(f"/g/children/{person.id}/edit", data=form(county, address="东村2组", phone="13912345678",
                                                          gender="M", version=str(person.version)))
    assert r.status_code == 302, r.get_data(as_text=True)[-3000:]
    page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    assert "13912345678" in page
    assert "<del>女</del> → <ins>男</ins>" in page  # a code shown by its label
    assert "住址: <del>东村1组</del> → <ins>东村2组</ins>" in page


def test_a_person_who_left_comes_back_with_a_reason_and_the_history_shows_both(client, county, login):
    login("east")
    person = _created(client, county)
    client.post(f"/g/children/{person.id}/leave", data={"reason": "parents_returned", "left_on": "2026-01-05", "note": ""})
    assert client.post(f"/g/children/{person.id}/return", data={"reason": ""}).status_code == 200  # reason required
    db.session.expire_all()
    assert db.session.get(Beneficiary, person.id).status == "left"
    client.post(f"/g/children/{person.id}/return", data={"reason": "父母再次外出务工"})
    db.session.expire_all()
    back = db.session.get(Beneficiary, person.id)
    assert (back.status, back.left_reason) == ("active", None) and "父母再次外出务工" in back.notes
    page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    assert "退出台账" in page and "重新纳入台账" in page
