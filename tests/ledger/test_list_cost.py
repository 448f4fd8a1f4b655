"""What a ledger page reads: as many statements for a page of people in many places as in one, and a
person's page reads no place one at a time (bench/portal.py times them on a county)."""
import re

from portal.extensions import db
from portal.places.models import Place

from ..factories import add_person, make_place, statements


def test_a_county_page_names_each_township_without_a_statement_per_row(client, county, login):
    for i in range(6):  # more than a page (five in tests): the pager counts in both cases
        add_person("children", county["v_east"], name=f"张{i}")
    towns = county["east"].id, county["west"].id
    login("coord")
    client.get("/g/children/")
    db.session.expunge_all()  # each measured page starts from an empty session, as in a server
    with statements() as one_place:
        client.get("/g/children/")
    # Five people, each in a grid of a different village of either township: their townships are named.
    east, west = (db.session.get(Place, t) for t in towns)
    for i, town in enumerate([east, west] * 2 + [east]):
        grid = make_place(f"G{i}", f"网格{i}", "grid", make_place(f"V{i}x", f"村{i}", "village", town))
        add_person("children", grid, name=f"阿{i}")  # 阿 (a) before 张 (zhang): the first page
    db.session.expunge_all()
    with statements() as many_places:
        page = client.get("/g/children/").get_data(as_text=True)
    assert len(many_places) == len(one_place)
    rows = page.split("<tbody>")[1].split("</tbody>")[0].split("<tr>")[1:]
    assert sum("东乡" in r for r in rows) == 3 and sum("西乡" in r for r in rows) == 2


def test_a_persons_page_reads_the_place_tree_in_one_statement(client, county, login):
    grid = make_place("G9", "东村第9网格", "grid", county["v_east"])
    person = add_person("children", grid, name="丙", household_id=county["home"].id)
    login("coord")
    client.get(f"/g/children/{person.id}")
    db.session.expunge_all()
    with statements() as seen:
        page = client.get(f"/g/children/{person.id}").get_data(as_text=True)
    one_by_one = [s for s in seen if re.search(r"FROM (places|households) \s*WHERE \w+\.id = \?", s)]
    assert "示范县 · 东乡 · 东村 · 东村第9网格" in page and "王德福" in page
    assert one_by_one == []  # the place, the places above it and the household: none read one at a time
