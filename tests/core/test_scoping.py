"""Every list and detail goes through the scope: place subtree, group, own records."""
from datetime import date

from portal.extensions import db
from portal.volunteers.models import Volunteer

from ..factories import add_person


def test_township_coordinator_gets_404_for_another_township(client, county, login):
    mine = add_person("children", county["v_east"], name="东娃")
    theirs = add_person("children", county["v_west"], name="西娃")
    login("east")
    assert client.get(f"/g/children/{mine.id}").status_code == 200
    assert client.get(f"/g/children/{theirs.id}").status_code == 404
    assert client.get(f"/g/children/{theirs.id}/edit").status_code == 404
    listing = client.get("/g/children/").get_data(as_text=True)
    assert "东娃" in listing and "西娃" not in listing


def test_group_staff_see_only_their_group(client, county, login):
    child = add_person("children", county["v_east"], name="小明", gender="M")
    elder = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1950, 1, 1))
    login("kids")
    assert client.get(f"/g/children/{child.id}").status_code == 200
    assert client.get("/g/elderly/").status_code == 403
    assert client.get(f"/g/elderly/{elder.id}").status_code == 403
    assert client.get(f"/g/children/{elder.id}").status_code == 404  # another group's person by URL


def test_volunteer_sees_only_their_own_record(client, county, login):
    me = Volunteer(name="我", gender="F", phone="13800000000", place_id=county["v_east"].id,
                   user_id=county["users"]["vol"].id)
    other = Volunteer(name="别人", gender="M", phone="13900000000", place_id=county["v_east"].id)
    db.session.add_all([me, other])
    db.session.commit()
    login("vol")
    assert client.get(f"/volunteers/{me.id}").status_code == 200
    assert client.get(f"/volunteers/{other.id}").status_code == 404
    assert client.get("/volunteers/").status_code == 403
    assert client.get("/g/children/").status_code == 403


def test_county_coordinator_sees_both_townships(client, county, login):
    add_person("women", county["v_east"], name="东嫂", birth=date(1990, 1, 1))
    add_person("women", county["v_west"], name="西嫂", birth=date(1990, 1, 1))
    login("coord")
    page = client.get("/g/women/").get_data(as_text=True)
    assert "东嫂" in page and "西嫂" in page
