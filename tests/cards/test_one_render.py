"""Issue 32: a sheet of cards is one render over rows read in a few statements, whatever the number of cards.

A card per ``render_template`` ran the page's context processors (the bell's unread count among them) once per
card: 1,408 of a township sheet's 1,465 statements. Here the statements a batch sends are counted for a village
with a few households and pairings, then again with three times as many: the count must not grow.
"""
from datetime import date

from portal.assignment.models import Pairing
from portal.extensions import db
from portal.ledger.models import Household
from portal.testing import statements

from ..factories import add_person, add_volunteer
from .conftest import cards_in


def add_families(county, n, start):
    """``n`` households of the east village, each with a child paired with a helper of their own."""
    v_east = county["v_east"]
    for i in range(start, start + n):
        home = Household(place_id=v_east.id, head_name=f"户主{i}", address=f"东村{i}组", phone=f"1350000{i:04d}")
        db.session.add(home)
        db.session.flush()
        child = add_person("children", v_east, name=f"孩子{i}", household_id=home.id, category="left_behind")
        helper = add_volunteer(county, f"帮扶人{i}", services=("children.tutoring",))
        db.session.add(Pairing(service="children.tutoring", beneficiary_id=child.id, volunteer_id=helper.id,
                               unit=f"b{child.id}", status="active", response="accepted", started_on=date(2026, 3, 1)))
    db.session.commit()


def counted(client, url):
    client.get(url)  # what the session keeps between pages (the signed-in user, read after a commit) not counted
    with statements() as seen:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(seen), response.get_data(as_text=True)


def test_a_batch_of_cards_reads_the_same_statements_for_3_or_9_families(client, county, login):
    add_families(county, 3, 0)
    login("east")
    contacts_url = f"/cards/batch/contacts?place={county['v_east'].id}"
    pairings_url = f"/cards/batch/pairings?place={county['v_east'].id}"
    few_contacts, page = counted(client, contacts_url)
    assert cards_in(page) == 4 and "帮扶人2" in page  # the county's own household too
    few_pairings, page = counted(client, pairings_url)
    assert cards_in(page) == 6 and "孩子1" in page and "13500000001" in page  # the household's phone
    add_families(county, 6, 3)
    many_contacts, page = counted(client, contacts_url)
    assert cards_in(page) == 10 and "帮扶人8" in page
    many_pairings, page = counted(client, pairings_url)
    assert cards_in(page) == 18 and "孩子8" in page
    assert many_contacts == few_contacts and many_pairings == few_pairings
    assert many_contacts < 30 and many_pairings < 30


def test_a_township_sheet_reads_each_villages_contacts_in_one_statement(client, county, login):
    """Two villages' households on one sheet: each card carries its own village's director."""
    from portal.cards.models import Contact
    from portal.testing import make_place
    v_north = make_place("V3", "北村", "village", county["east"])
    db.session.add_all([Contact(place_id=county["v_east"].id, role="children_director", name="刘主任", phone="1"),
                        Contact(place_id=v_north.id, role="children_director", name="周主任", phone="2"),
                        Household(place_id=v_north.id, head_name="北村户", address="北村1组")])
    db.session.commit()
    login("east")
    _n, page = counted(client, f"/cards/batch/contacts?place={county['east'].id}")
    east_card, north_card = page.split("王德福")[1], page.split("北村户")[1]
    assert "刘主任" in east_card.split("</article>")[0] and "周主任" in north_card.split("</article>")[0]
