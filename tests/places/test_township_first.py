"""The long place pickers of forms in two steps (places/widgets.py): a county's thousands of villages and grids
made the sign-up page 445 KB. A form lists the townships and the places of one of them; the script asks the same
page for another township (``?<field>_in=``); a place of any township in the field's choices is accepted."""
import re

from portal.duties.models import DutyOwner
from portal.extensions import db

from .test_pinyin_order import options


def test_the_join_page_lists_one_townships_villages_and_another_on_asking(client, county):
    page = client.get("/join").get_data(as_text=True)
    assert options(page, "place_id_in") == ["东乡", "西乡"]
    assert options(page, "place_id") == ["示范县 · 东乡 · 东村"]          # the first township's only
    assert 'place-picker.js' in page
    other = client.get(f"/join?place_id_in={county['west'].id}").get_data(as_text=True)
    assert options(other, "place_id") == ["示范县 · 西乡 · 西村"]
    assert re.search(r'<option value="%d" selected>西乡</option>' % county["west"].id, other)
    # without a script, each township is a link to the page listing its places
    assert re.search(r'<noscript>.*href="/join\?place_id_in=%d">西乡</a>' % county["west"].id, page, re.S)
    odd = client.get("/join?place_id_in=abc").get_data(as_text=True)    # a bad number: the first township
    assert options(odd, "place_id") == ["示范县 · 东乡 · 东村"]


def test_a_place_of_a_township_not_listed_is_accepted_and_shown_with_its_township(client, county, login):
    login("coord")
    page = client.get("/duties/owners").get_data(as_text=True)
    assert "西村" not in "".join(options(page, "place"))
    r = client.post("/duties/owners", data={"role": "village_cadre", "place": county["v_west"].id,
                                            "username": "nobody-here"})
    again = r.get_data(as_text=True)       # refused for the user name: the form comes back with the place chosen
    assert r.status_code == 200 and "没有这个用户。" in again
    assert re.search(r'<option selected value="%d">' % county["v_west"].id, again)
    assert re.search(r'<option value="%d" selected>西乡</option>' % county["west"].id, again)
    r = client.post("/duties/owners", data={"role": "village_cadre", "place": county["v_west"].id, "username": "west"})
    assert r.status_code == 302
    owner = db.session.execute(db.select(DutyOwner).where(DutyOwner.place_id == county["v_west"].id)).scalar_one()
    assert owner.user.username == "west"


def test_a_township_coordinator_gets_a_plain_select(client, county, login):
    login("east")
    page = client.get("/g/children/new").get_data(as_text=True)
    assert 'name="place_id_in"' not in page
    assert options(page, "place_id") == ["示范县 · 东乡 · 东村"]
