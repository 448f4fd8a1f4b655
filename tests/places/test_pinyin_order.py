"""Place pickers and lists of names in pinyin order (issue 27, "Lists sort names by pinyin"): every place <select>
of forms and filters is built by one builder (``portal.places.choices``), the tree kept (a township, then its
villages) and siblings by pinyin, not in the order the places were made; lists of people sort by pinyin in SQL
(``portal.core.sql.by_pinyin``) on both databases."""
import re

from portal.extensions import db
from portal.ledger.models import Household
from portal.places.choices import area_places, place_choices

from ..factories import make_place

#: Made in this order; in pinyin: 艾家村 (ai), 东村 (dong), 王家村 (wang), 张家村 (zhang).
MADE = ["张家村", "王家村", "艾家村"]


def options(html: str, name: str) -> list[str]:
    """The options' texts of the <select name=...> of a page, in order."""
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert found, name
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<option[^>]*>(.*?)</option>", found.group(1), re.S)]


def names_in(texts: list[str], wanted: list[str]) -> list[str]:
    """The wanted names in the order the texts give them (each text ends with, or is, one name)."""
    return [w for t in texts for w in wanted if t.endswith(w)]


def more_places(county):
    for i, name in enumerate(MADE):
        make_place(f"E{i}", name, "village", county["east"])
    make_place("A", "安乡", "township", county["east"].parent)  # made last; 安 (an) comes before 东 (dong)
    db.session.commit()


VILLAGES = ["艾家村", "东村", "王家村", "张家村"]


def test_the_shared_builder_keeps_the_tree_and_sorts_siblings_by_pinyin(county):
    more_places(county)
    labels = [label for _id, label in place_choices(area_places(county["users"]["coord"]))]
    townships = [label.strip("— ") for label in labels if label.startswith("— ")]
    assert townships == ["安乡", "东乡", "西乡"]
    east = labels.index("— 东乡")
    assert [label.strip("— ") for label in labels[east + 1:east + 5]] == VILLAGES


def test_every_place_picker_is_in_pinyin_order(client, county, login):
    more_places(county)
    login("coord")
    ledger = options(client.get(f"/g/children/?place={county['east'].id}").get_data(as_text=True), "place")
    assert names_in(ledger, ["安乡", "东乡", "西乡"]) == ["安乡", "东乡", "西乡"]
    assert names_in(ledger, VILLAGES) == VILLAGES
    east = county["east"].id
    # the forms' long pickers list a township's places, the township first (places/widgets.py)
    for url, name in [(f"/g/children/new?place_id_in={east}", "place_id"), ("/g/children/activities/new", "place_id"),
                      (f"/duties/owners?place_in={east}", "place"), (f"/cards/?place={east}", "place")]:
        page = client.get(url)
        assert page.status_code == 200, url
        assert names_in(options(page.get_data(as_text=True), name), VILLAGES) == VILLAGES, url
    townships = options(client.get("/duties/owners").get_data(as_text=True), "place_in")
    assert townships == ["安乡", "东乡", "西乡"]
    client.get("/logout")
    login("admin")
    assert names_in(options(client.get("/admin/users/new").get_data(as_text=True), "place_id"), VILLAGES) == VILLAGES


def test_the_join_page_offers_villages_in_pinyin_order(client, county):
    more_places(county)
    page = client.get(f"/join?place_id_in={county['east'].id}").get_data(as_text=True)
    assert names_in(options(page, "place_id"), VILLAGES) == VILLAGES
    assert options(page, "place_id_in") == ["东乡", "西乡"]       # 安乡 has no village to offer


def test_a_villages_contact_cards_come_in_pinyin_order_of_the_heads(client, county, login):
    for head in ["张三", "王五", "李四"]:
        db.session.add(Household(place_id=county["v_east"].id, head_name=head, address=""))
    db.session.commit()
    login("coord")
    page = client.get(f"/cards/batch/contacts?place={county['v_east'].id}").get_data(as_text=True)
    heads = re.findall(r"(张三|王五|李四|王德福)", page)
    assert [h for h in heads if h in ("张三", "王五", "李四")] == ["李四", "王五", "张三"]
