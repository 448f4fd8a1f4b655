"""A person's own owner for one duty, given on the person's duties page by a coordinator (issue 28: "a person may
be given an owner of their own for a duty"), and what a grid worker's knock round found (000, "一敲门":
which doors, anything found), seen by the coordinator."""
from portal.core.time import local_today
from portal.extensions import db

from .conftest import duties_of, owner, someone, user


def _kid(county, grids):
    cadre = user("cadre", place=county["v_east"], role="coordinator")
    owner("village_cadre", cadre, place=county["v_east"])
    return someone(grids["g1"], category="left_behind", name="张甲")


def test_a_coordinator_gives_one_duty_of_one_person_an_owner_of_their_own(app, county, grids, client, login):
    kid = _kid(county, grids)
    helper = user("auntie", role="volunteer")
    assert duties_of(kid)["children.door"].owner.username == "cadre"
    login("east")
    page = client.get(f"/duties/person/{kid.id}").get_data(as_text=True)
    assert 'id="person-owner"' in page and 'value="children.door"' in page
    r = client.post(f"/duties/person/{kid.id}/owner", data={"duty": "children.door", "username": "auntie"})
    assert r.status_code == 302
    due = duties_of(kid)
    assert due["children.door"].owner_id == helper.id                 # this duty: the person's own owner
    assert due["children.knock"].owner_id is None or due["children.knock"].owner_id != helper.id
    login("auntie")                                                    # the new owner has it on their day
    day = client.get("/duties/mine.json").get_json()
    assert any(i["duty"] == "children.door" and i["person_id"] == kid.id
               for k in ("overdue", "due_today", "this_week") for i in day[k]) or \
        due["children.door"].due_on > local_today()
    login("east")
    from portal.duties.models import DutyOwner
    from sqlalchemy import select
    row = db.session.execute(select(DutyOwner).where(DutyOwner.beneficiary_id == kid.id)).scalar_one()
    assert client.post(f"/duties/person/{kid.id}/owner/{row.id}/release").status_code == 302
    assert duties_of(kid)["children.door"].owner.username == "cadre"   # the place's owner again


def test_the_form_names_the_field_it_refuses(app, county, grids, client, login):
    kid = _kid(county, grids)
    login("east")
    r = client.post(f"/duties/person/{kid.id}/owner", data={"duty": "children.door", "username": "nobody"})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and 'data-field="username"' in page and 'data-field="duty"' not in page
    r = client.post(f"/duties/person/{kid.id}/owner", data={"duty": "elderly.cadre", "username": "cadre"})
    page = r.get_data(as_text=True)
    assert r.status_code == 200 and 'data-field="duty"' in page
    r = client.post(f"/duties/person/{kid.id}/owner", data={"duty": "", "username": ""})
    page = r.get_data(as_text=True)
    assert 'data-field="duty"' in page and 'data-field="username"' in page
    assert duties_of(kid)["children.door"].owner.username == "cadre"   # nothing changed


def test_only_a_coordinator_of_the_persons_area_gives_owners(app, county, grids, client, login):
    kid = _kid(county, grids)
    login("west")                     # the other township
    assert client.post(f"/duties/person/{kid.id}/owner",
                       data={"duty": "children.door", "username": "west"}).status_code == 404
    login("kids")                     # staff: see the duties, give no owners
    assert 'id="person-owner"' not in client.get(f"/duties/person/{kid.id}").get_data(as_text=True)
    assert client.post(f"/duties/person/{kid.id}/owner",
                       data={"duty": "children.door", "username": "kids"}).status_code == 403
    assert duties_of(kid)["children.door"].owner.username == "cadre"


def test_a_knock_round_records_what_was_found_and_the_coordinator_sees_it(app, county, grids, client, login):
    from portal.duties.models import KnockRound
    from sqlalchemy import select
    someone(grids["g1"], category="left_behind", name="张甲")
    worker = user("worker")
    owner("grid_worker", worker, place=grids["g1"])
    login("worker")
    page = client.get("/duties/mine").get_data(as_text=True)
    assert 'name="found"' in page
    r = client.post(f"/duties/rounds/{grids['g1'].id}", data={"found": "3号门无人应答，老人电话未接"})
    assert r.status_code == 302
    row = db.session.execute(select(KnockRound).where(KnockRound.place_id == grids["g1"].id)).scalar_one()
    assert row.found == "3号门无人应答，老人电话未接" and row.day == local_today() and row.by_id == worker.id
    day = client.get("/duties/mine.json").get_json()
    assert day["rounds"][0]["done_today"] and day["rounds"][0]["found"] == row.found
    # told again the same day: the same round, what was found updated
    client.post(f"/duties/rounds/{grids['g1'].id}", data={"found": "3号门：老人已联系上"})
    db.session.expire_all()
    assert db.session.execute(select(KnockRound.found).where(KnockRound.place_id == grids["g1"].id)).scalars().all() \
        == ["3号门：老人已联系上"]
    login("east")
    assert "3号门：老人已联系上" in client.get("/duties/overdue").get_data(as_text=True).split('id="findings"')[1]
    login("west")                     # another township's coordinator does not see it
    assert "3号门" not in client.get("/duties/overdue").get_data(as_text=True)
