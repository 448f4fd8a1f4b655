"""Contact and pairing cards: what each carries against the records, and who prints which batch."""
from datetime import date

from portal.extensions import db
from portal.ledger.models import Household

from ..factories import add_person
from .conftest import ID_NUMBER, cards_in, sheets_in


def text_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_a_households_contact_card_carries_its_contacts_and_helpers(client, scene, login):
    login("east")
    page = text_of(client, f"/cards/household/{scene['home'].id}")
    assert cards_in(page) == 1
    for expected in ("便民服务联系卡", "王德福 户", "张包片", "13900000001", "刘主任", "13900000002", "东乡民政办",
                     "0739-5550001", "东村卫生室", "0739-5550003", "110", "120", "12345", "12338",
                     "李小红的帮扶人", "陈老师", "13712345678", "王奶奶的帮扶人", "赵阿姨", "13600000000"):
        assert expected in page, expected
    assert ID_NUMBER not in page and "钱老师" not in page  # never an ID number; no other family's helper


def test_a_village_batch_prints_every_household_on_a4_sheets_with_cut_marks(client, scene, login):
    v_east = scene["county"]["v_east"]
    for i in range(9):
        db.session.add(Household(place_id=v_east.id, head_name=f"村民{i}", address=f"东村{i}组"))
    db.session.commit()
    login("east")
    page = text_of(client, f"/cards/batch/contacts?place={v_east.id}")
    assert cards_in(page) == 10 and sheets_in(page) == 2  # eight cards to a sheet
    assert page.count('class="mark ') == 40  # four cut marks a card
    assert "孙大山" not in page  # the west village's household
    single = text_of(client, f"/cards/batch/contacts?place={v_east.id}&layout=single")
    assert cards_in(single) == 10 and sheets_in(single) == 10 and "layout-single" in single


def test_a_batch_is_limited_to_the_printers_area(client, scene, login):
    county = scene["county"]
    login("west")
    response = client.get(f"/cards/batch/contacts?place={county['v_east'].id}", follow_redirects=True)
    assert "该地区不在您的辖区内" in response.get_data(as_text=True)
    assert cards_in(response.get_data(as_text=True)) == 0
    assert client.get(f"/cards/household/{scene['home'].id}").status_code == 404
    assert client.get(f"/cards/batch/contacts?place={county['root'].id}").status_code == 302  # above their area
    page = text_of(client, f"/cards/batch/contacts?place={county['west'].id}")
    assert "孙大山" in page and "王德福" not in page
    response = client.get("/cards/batch/contacts", follow_redirects=True)
    assert "请先选择村或乡镇" in response.get_data(as_text=True)


def test_a_pairing_card_prints_twice_with_both_parties(client, scene, login):
    login("vol")
    page = text_of(client, f"/cards/pairing/{scene['child_pairing'].id}")
    assert cards_in(page) == 2 and "家庭留存联" in page and "帮扶人留存联" in page
    for expected in ("李小红", "东村", "13500000009", "陈老师", "13712345678", "学业辅导", "农村留守儿童",
                     "与奶奶同住", "2026-03-01"):
        assert expected in page, expected
    assert ID_NUMBER not in page


def test_a_volunteer_prints_only_their_own_pairings_cards(client, scene, login):
    login("vol")
    assert client.get(f"/cards/pairing/{scene['grandma_pairing'].id}").status_code == 404
    assert client.get(f"/cards/pairing/{scene['far_pairing'].id}").status_code == 404
    page = text_of(client, "/cards/batch/pairings")
    assert cards_in(page) == 2 and "李小红" in page and "王奶奶" not in page and "孙小明" not in page
    assert client.get("/cards/batch/contacts?place=1").status_code == 403
    assert client.get("/cards/").status_code == 403
    mine = text_of(client, "/me/pairings")
    assert f"/cards/pairing/{scene['child_pairing'].id}" in mine


def test_staff_print_their_groups_pairings_and_coordinators_their_areas(client, scene, login):
    county = scene["county"]
    login("elders")
    assert client.get(f"/cards/pairing/{scene['child_pairing'].id}").status_code == 404
    page = text_of(client, f"/cards/batch/pairings?place={county['root'].id}")
    assert cards_in(page) == 2 and "王奶奶" in page and "李小红" not in page
    assert client.get(f"/cards/batch/pairings?place={county['root'].id}&group=children").status_code == 404
    login("east")
    page = text_of(client, f"/cards/batch/pairings?place={county['v_east'].id}")
    assert cards_in(page) == 4 and "孙小明" not in page
    page = text_of(client, f"/cards/batch/pairings?place={county['v_east'].id}&group=elderly")
    assert cards_in(page) == 2 and "赵阿姨" in page
    login("coord")
    assert cards_in(text_of(client, f"/cards/batch/pairings?place={county['root'].id}")) == 6


def test_ended_pairings_and_people_who_left_get_no_card(client, scene, login):
    scene["grandma_pairing"].status = "ended"
    scene["grandma_pairing"].ended_on = date(2026, 6, 1)
    db.session.commit()
    login("east")
    assert client.get(f"/cards/pairing/{scene['grandma_pairing'].id}").status_code == 404
    page = text_of(client, f"/cards/household/{scene['home'].id}")
    assert "赵阿姨" not in page and "陈老师" in page
    gone = add_person("children", scene["county"]["v_east"], name="走了的", status="left")
    page = text_of(client, f"/cards/batch/pairings?place={scene['county']['v_east'].id}")
    assert gone.name not in page


def test_a_persons_page_links_to_their_cards(client, scene, login):
    login("east")
    page = text_of(client, f"/g/elderly/{scene['grandma'].id}")
    assert f"/cards/household/{scene['home'].id}" in page
    assert f"/cards/person/{scene['grandma'].id}/elderly.lost" in page
    assert f"/cards/pairing/{scene['grandma_pairing'].id}" in page and "帮扶联系卡 · 赵阿姨" in page
    child_page = text_of(client, f"/g/children/{scene['child'].id}")
    assert "elderly.lost" not in child_page


def test_a_batch_too_big_says_it_was_cut(client, scene, login, monkeypatch):
    from portal.cards import batches, views
    monkeypatch.setattr(batches, "MAX_BATCH", 1)
    monkeypatch.setattr(views, "MAX_BATCH", 1)
    login("east")
    page = text_of(client, f"/cards/batch/contacts?place={scene['county']['v_east'].id}")
    assert cards_in(page) == 1 and "这里只有前 1 张卡片" in page


def test_the_cards_pickers_list_townships_until_one_is_chosen(client, scene, login):
    """Issue 32: a county's /cards/ listed its 1,500 villages in each of five pickers (615 KB); the pickers list the
    county and its townships, and the villages of the township chosen (or of the user's own township)."""
    county = scene["county"]
    login("coord")
    page = text_of(client, "/cards/")
    assert "东乡" in page and "西乡" in page and "东村" not in page and "西村" not in page
    page = text_of(client, f"/cards/?place={county['east'].id}")
    assert "东村" in page and "西村" not in page
    assert f'<option value="{county["east"].id}" selected' in page
    login("east")                                             # a township's coordinator: its own villages
    page = text_of(client, "/cards/")
    assert "东村" in page and "西乡" not in page
    assert "东村" in text_of(client, f"/cards/contacts?place={county['v_east'].id}")
