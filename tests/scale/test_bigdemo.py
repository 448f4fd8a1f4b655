"""The big county loader (``guanai demo --people N``): bulk inserts that keep the app's invariants."""
import pytest
from sqlalchemy import func, select

from portal.activities.models import HoursEntry
from portal.assignment.models import Pairing
from portal.bigdemo import build_big_county
from portal.demo import DEMO_PASSWORD
from portal.extensions import db
from portal.ledger.models import Beneficiary, Household
from portal.places.models import Place
from portal.volunteers.models import VolunteerService

from ..ledger.test_ledger import form

# The loader bulk-inserts and then ANALYZEs on a connection of its own, outside any transaction.
pytestmark = pytest.mark.commits


@pytest.fixture
def big(app):
    return build_big_county(600, seed=3)


def rows(stmt):
    return db.session.execute(stmt).all()


def test_it_makes_a_county_of_the_size_asked(big):
    assert big["beneficiaries"] == 600 and big["volunteers"] == 180
    assert big["pairings"] > 50 and big["hours"] >= 4 * big["pairings"]
    levels = dict(rows(select(Place.level, func.count()).group_by(Place.level)))
    assert levels == {"county": 1, "township": 1, "village": 9, "grid": 18}
    groups = dict(rows(select(Beneficiary.group, func.count()).group_by(Beneficiary.group)))
    assert {"children", "women", "elderly"} <= set(groups) and sum(groups.values()) == 600


def test_every_place_path_is_its_parents_path_and_its_id(big):
    places = {p.id: p for p in db.session.execute(select(Place)).scalars()}
    for place in places.values():
        parent = places.get(place.parent_id)
        assert place.path == (parent.path if parent else "/") + f"{place.id}/"


def test_people_live_in_their_households_village(big):
    wrong = rows(select(Beneficiary.id).join(Household, Household.id == Beneficiary.household_id)
                 .where(Household.place_id != Beneficiary.place_id))
    assert wrong == []


def test_loads_are_the_distinct_units_of_active_pairings_and_within_capacity(big):
    units = dict(((v, s), n) for v, s, n in rows(
        select(Pairing.volunteer_id, Pairing.service, func.count(func.distinct(Pairing.unit)))
        .where(Pairing.status == "active").group_by(Pairing.volunteer_id, Pairing.service)))
    offers = db.session.execute(select(VolunteerService)).scalars().all()
    assert sum(o.load for o in offers) > 0
    for offer in offers:
        assert offer.load == units.get((offer.volunteer_id, offer.service), 0)
        assert offer.load <= offer.capacity
    pairings = db.session.execute(select(Pairing)).scalars().all()
    assert all(p.unit == f"h{p.beneficiary.household_id}" for p in pairings)
    keys = {(v, s) for v, s in rows(select(VolunteerService.volunteer_id, VolunteerService.service))}
    assert all((p.volunteer_id, p.service) in keys for p in pairings)


def test_hours_belong_to_the_pairings_volunteer(big):
    wrong = rows(select(HoursEntry.id).join(Pairing, Pairing.id == HoursEntry.pairing_id)
                 .where(Pairing.volunteer_id != HoursEntry.volunteer_id))
    assert wrong == []


def test_the_app_still_adds_a_person_afterwards(big, client):
    """Ids came from the sequences: a person added through the ledger page gets the next one."""
    client.post("/login", data={"username": "township", "password": DEMO_PASSWORD})
    village = db.session.execute(select(Place).where(Place.level == "village").limit(1)).scalar_one()
    home = db.session.execute(select(Household).where(Household.place_id == village.id).limit(1)).scalar_one()
    last = db.session.execute(select(func.max(Beneficiary.id))).scalar_one()
    county = {"v_east": village, "home": home}
    response = client.post("/g/children/new", data=form(county, name="新来的"))
    assert response.status_code == 302
    added = db.session.execute(select(Beneficiary).where(Beneficiary.name == "新来的")).scalar_one()
    assert added.id > last


def test_demo_accounts_open_their_pages(big, client):
    for username, url in [("coordinator", "/g/elderly/"), ("township", "/g/children/"), ("volunteer", "/me/")]:
        client.post("/logout")
        assert client.post("/login", data={"username": username, "password": DEMO_PASSWORD}).status_code == 302
        assert client.get(url).status_code == 200, (username, url)


def test_the_command_refuses_a_size_it_does_not_know(app):
    result = app.test_cli_runner().invoke(args=["demo", "--people", "huge"])
    assert result.exit_code == 2 and "--people" in result.output


def test_the_command_builds_the_county(app):
    result = app.test_cli_runner().invoke(args=["demo", "--people", "300"])
    assert result.exit_code == 0, result.output
    assert db.session.execute(select(func.count()).select_from(Beneficiary)).scalar_one() == 300


def test_the_planner_has_statistics_of_the_new_rows(big, backend):
    """The loader analyzes what it wrote: PostgreSQL's plans for empty tables took over 40 s a query."""
    from sqlalchemy import text

    from portal.extensions import db
    kept = ("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'beneficiaries'" if backend == "sqlite" else
            "SELECT count(*) FROM pg_stats WHERE tablename = 'beneficiaries'")
    assert db.session.execute(text(kept)).scalar_one() > 0
