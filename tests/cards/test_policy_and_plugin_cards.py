"""Policy cards written by a group's staff, the elderly plugin's lost-elder card, and the service list."""
from sqlalchemy import select

from plugins.elderly.models import ElderProfile
from portal.cards.models import PolicyCard
from portal.extensions import db

from ..factories import add_person
from .conftest import cards_in, sheets_in

POLICY = {"title": "留守老人关爱政策", "policies": "高龄津贴：80岁以上每月发放\n每半年一次免费体检",
          "contacts": "老年协会 王会长 13800001111"}


def test_staff_preview_then_save_their_groups_policy_card(client, scene, login):
    login("elders")
    root = scene["county"]["root"]
    preview = client.post(f"/cards/policy/elderly?place={root.id}", data={**POLICY, "action": "preview"})
    assert preview.status_code == 200 and "每半年一次免费体检" in preview.get_data(as_text=True)
    assert db.session.execute(select(PolicyCard)).first() is None  # a preview writes nothing
    assert client.post(f"/cards/policy/elderly?place={root.id}", data={**POLICY, "action": "save"}).status_code == 302
    card = db.session.execute(select(PolicyCard)).scalar_one()
    assert (card.group, card.place_id, card.title) == ("elderly", root.id, "留守老人关爱政策")


def test_a_policy_card_prints_four_to_a_sheet_and_applies_below(client, scene, login):
    county = scene["county"]
    db.session.add(PolicyCard(group="elderly", place_id=county["root"].id, **POLICY))
    db.session.commit()
    login("east")  # the township inherits the county's card
    page = client.get(f"/cards/policy/elderly/print?place={county['v_east'].id}&copies=8").get_data(as_text=True)
    assert cards_in(page) == 8 and sheets_in(page) == 2
    assert "高龄津贴" in page and "王会长 13800001111" in page and "张包片" in page  # the area's cadre too
    editor = client.get(f"/cards/policy/elderly?place={county['v_east'].id}").get_data(as_text=True)
    assert "沿用示范县的明白卡" in editor


def test_policy_cards_are_kept_by_their_own_group(client, scene, login):
    login("kids")
    assert client.get("/cards/policy/elderly").status_code == 404
    assert client.post("/cards/policy/elderly", data={**POLICY, "action": "save"}).status_code == 404
    login("elders")
    page = client.post("/cards/policy/elderly", data={**POLICY, "title": "", "action": "save"})
    assert page.status_code == 200 and db.session.execute(select(PolicyCard)).first() is None
    login("vol")
    assert client.get("/cards/policy/elderly").status_code == 403
    assert client.get("/cards/policy/elderly/print").status_code == 403


def test_the_lost_elder_card_carries_what_a_stranger_needs(client, scene, login):
    login("elders")
    page = client.get(f"/cards/person/{scene['grandma'].id}/elderly.lost").get_data(as_text=True)
    assert cards_in(page) == 1 and "size-wallet" in page
    for expected in ("防走失卡", "王奶奶", "AB", "阿尔茨海默病", "青霉素", "儿子 王强 13712340000", "13500000009",
                     "张包片", "110", "照片"):
        assert expected in page, expected
    assert scene["grandma"].birth_date.isoformat() not in page


def test_a_lost_elder_batch_holds_only_people_who_may_wander(client, scene, login):
    v_east = scene["county"]["v_east"]
    walker = add_person("elderly", v_east, name="赵爷爷", gender="M", category="alone")
    db.session.add(ElderProfile(beneficiary_id=walker.id, wanders=True))
    add_person("elderly", v_east, name="钱奶奶", category="alone")
    db.session.commit()
    login("elders")
    page = client.get(f"/cards/batch/people/elderly.lost?place={v_east.id}").get_data(as_text=True)
    assert cards_in(page) == 2 and "王奶奶" in page and "赵爷爷" in page and "钱奶奶" not in page
    login("kids")  # another group's staff
    assert client.get(f"/cards/batch/people/elderly.lost?place={v_east.id}").status_code == 404
    assert client.get(f"/cards/person/{scene['grandma'].id}/elderly.lost").status_code == 404
    assert client.get("/cards/person/1/nobody.card").status_code == 404


def test_the_elderly_profile_form_records_the_card_fields(client, scene, login):
    login("elders")
    g = scene["grandma"]
    data = {"name": g.name, "gender": "F", "birth_date": "1945-02-03", "place_id": g.place_id,
            "household_id": g.household_id, "category": "dementia", "profile-family_structure": "alone",
            "profile-self_care": "full", "profile-wanders": "y", "profile-blood_type": "O",
            "profile-conditions": "糖尿病", "profile-allergies": "", "profile-people_to_call": "女儿 13900009999"}
    assert client.post(f"/g/elderly/{g.id}/edit", data=data).status_code == 302
    profile = db.session.execute(select(ElderProfile).where(ElderProfile.beneficiary_id == g.id)).scalar_one()
    assert (profile.wanders, profile.blood_type, profile.conditions, profile.people_to_call) == (
        True, "O", "糖尿病", "女儿 13900009999")


def test_the_service_list_shows_the_services_the_plugins_declare(client, scene, login):
    login("east")
    page = client.get(f"/cards/services?place={scene['county']['v_east'].id}").get_data(as_text=True)
    assert "关爱服务清单" in page and "学业辅导" in page and "十人一联互助" in page and "张包片" in page
    login("elders")
    page = client.get(f"/cards/services?place={scene['county']['v_east'].id}&group=elderly").get_data(as_text=True)
    assert "十人一联互助" in page and "学业辅导" not in page
    assert client.get(f"/cards/services?place={scene['county']['v_east'].id}&group=children").status_code == 404


def test_a_helper_prints_the_policy_card_of_the_people_they_help(client, scene, login):
    county = scene["county"]
    login("vol")
    response = client.get(f"/cards/pairing/{scene['child_pairing'].id}/policy", follow_redirects=True)
    assert "尚未填写政策明白卡" in response.get_data(as_text=True)
    db.session.add(PolicyCard(group="children", place_id=county["east"].id, title="儿童关爱政策",
                              policies="孤儿基本生活费按月发放"))
    db.session.add(PolicyCard(group="elderly", place_id=county["east"].id, **POLICY))
    db.session.commit()
    page = client.get(f"/cards/pairing/{scene['child_pairing'].id}/policy").get_data(as_text=True)
    assert cards_in(page) == 1 and "孤儿基本生活费按月发放" in page and "高龄津贴" not in page
    assert client.get(f"/cards/pairing/{scene['grandma_pairing'].id}/policy").status_code == 404
    assert f"/cards/pairing/{scene['child_pairing'].id}/policy" in client.get("/me/pairings").get_data(as_text=True)
