"""Contacts per place: inherited down the tree, national numbers by default, edited by coordinators in their area."""
from sqlalchemy import select

from portal.cards.contacts import contacts_for
from portal.cards.models import Contact
from portal.core.audit import AuditEntry
from portal.extensions import db

from .conftest import contact


def test_a_place_inherits_contacts_from_above_and_its_own_win(scene):
    county = scene["county"]
    found = contacts_for(county["v_east"])
    assert (found["cadre"].name, found["cadre"].phone, found["cadre"].place.code) == ("张包片", "13900000001", "T1")
    assert (found["children_director"].name, found["children_director"].place.code) == ("刘主任", "V1")
    assert {r: found[r].phone for r in ("police", "ambulance", "hotline", "federation_hotline")} == {
        "police": "110", "ambulance": "120", "hotline": "12345", "federation_hotline": "12338"}
    assert found["police"].place is None
    contact(county["v_east"], "cadre", "李村干", "13900000099")
    contact(county["root"], "police", "县公安局", "0739-110")
    found = contacts_for(county["v_east"])
    assert (found["cadre"].name, found["police"].phone) == ("李村干", "0739-110")
    # The other township inherits nothing from the east, only the county's and the national numbers.
    west = contacts_for(county["v_west"])
    assert "cadre" not in west and west["police"].phone == "0739-110"


def test_a_coordinator_records_a_contact_for_a_village_of_their_area(client, scene, login):
    v_east = scene["county"]["v_east"]
    login("east")
    response = client.post(f"/cards/contacts?place={v_east.id}",
                           data={"role": "cadre", "name": "李村干", "phone": "139 0000 0099"})
    assert response.status_code == 302
    row = db.session.execute(select(Contact).where(Contact.place_id == v_east.id, Contact.role == "cadre")).scalar_one()
    assert (row.name, row.phone) == ("李村干", "139 0000 0099")
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "contact")).scalar_one()
    assert entry.action == "create" and entry.after["phone"] == "139 0000 0099"
    page = client.get(f"/cards/contacts?place={v_east.id}").get_data(as_text=True)
    assert "李村干" in page and "张包片" not in page  # the village's own replaces the township's


def test_bad_phone_is_refused_beside_the_field(client, scene, login):
    v_east = scene["county"]["v_east"]
    login("east")
    page = client.post(f"/cards/contacts?place={v_east.id}", data={"role": "clinic", "name": "卫生室", "phone": "call"})
    assert page.status_code == 200
    assert "至少3位" in page.get_data(as_text=True)
    assert db.session.execute(select(Contact).where(Contact.name == "卫生室")).first() is None


def test_removing_a_villages_contact_brings_back_the_one_above(client, scene, login):
    county = scene["county"]
    contact(county["v_east"], "cadre", "李村干", "13900000099")
    own = db.session.execute(select(Contact).where(Contact.name == "李村干")).scalar_one()
    login("east")
    assert client.post(f"/cards/contacts/{own.id}/remove").status_code == 302
    assert contacts_for(county["v_east"])["cadre"].name == "张包片"


def test_contacts_are_edited_only_within_ones_area(client, scene, login):
    county = scene["county"]
    township_row = db.session.execute(select(Contact).where(Contact.name == "张包片")).scalar_one()
    login("west")
    assert client.get(f"/cards/contacts?place={county['v_east'].id}").status_code == 404
    assert client.post(f"/cards/contacts?place={county['v_east'].id}",
                       data={"role": "cadre", "name": "x", "phone": "123"}).status_code == 404
    assert client.post(f"/cards/contacts/{township_row.id}/remove").status_code == 404
    login("east")  # the township's coordinator reads the county's contacts but removes only their own area's
    contact(county["root"], "police", "县公安局", "0739-110")
    county_row = db.session.execute(select(Contact).where(Contact.name == "县公安局")).scalar_one()
    assert client.post(f"/cards/contacts/{county_row.id}/remove").status_code == 404
    login("kids")
    assert client.get("/cards/contacts").status_code == 403
    login("vol")
    assert client.get("/cards/contacts").status_code == 403
