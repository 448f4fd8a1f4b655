"""The pager: every row once and in order, the total counted only when a page cannot know it, kept a while."""
import re
from datetime import date

import pytest
from sqlalchemy import insert

from portal.core.sql import by_pinyin
from portal.extensions import db
from portal.ledger.models import Beneficiary

from ..factories import add_person, statements


def counts(seen):
    return [s for s in seen if "count(" in s.lower() and "beneficiaries" in s]


def listed(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'href="/g/children/(\d+)"', page)]


def pager(page: str) -> str:
    """The pager's words: "第 1 / 3 页 · 共 13 人" (page 1 of 3, 13 in all)."""
    return re.sub(r"\s+", " ", page.split('class="pager"')[1].split("</nav>")[0]) if 'class="pager"' in page else \
        re.search(r"共 \d+ 人", page).group(0)


def thirteen(county):
    """Thirteen children, names repeating (a tie on name is ordered by id)."""
    for i in range(13):
        add_person("children", county["v_east"], name=["王芳", "李明", "王芳", "张伟"][i % 4])


def test_pages_give_every_row_once_in_order_with_ties_on_name(client, county, login):
    thirteen(county)
    login("coord")
    shown = []
    for number in (1, 2, 3):
        shown += listed(client.get(f"/g/children/?page={number}").get_data(as_text=True))
    rows = db.session.execute(db.select(Beneficiary.id).order_by(by_pinyin(Beneficiary.name), Beneficiary.id)
                              ).scalars().all()  # names in pinyin order
    assert shown == rows and len(set(shown)) == 13
    assert listed(client.get("/g/children/?page=4").get_data(as_text=True)) == []


def test_a_total_is_counted_only_on_a_page_that_cannot_know_it(client, county, login):
    thirteen(county)
    login("coord")
    with statements() as middle:
        first = client.get("/g/children/").get_data(as_text=True)
    with statements() as last:
        third = client.get("/g/children/?page=3").get_data(as_text=True)
    assert len(counts(middle)) == 1 and counts(last) == []
    assert "第 1 / 3 页" in pager(first) and "共 13 人" in pager(first)
    assert "第 3 / 3 页" in pager(third) and "共 13 人" in pager(third) and "page=4" not in third
    with statements() as alone:
        page = client.get("/g/children/?q=张伟").get_data(as_text=True)  # three: one page, its own total
    assert counts(alone) == [] and len(listed(page)) == 3 and pager(page) == "共 3 人"


def test_a_kept_total_is_read_again_after_a_write_here(client, county, login, area_cache):
    thirteen(county)
    login("coord")
    client.get("/g/children/")
    with statements() as again:
        client.get("/g/children/")
    assert counts(again) == []
    add_person("children", county["v_east"], name="赵六")
    with statements() as after:
        client.get("/g/children/")
    assert len(counts(after)) == 1


@pytest.mark.commits
def test_a_kept_total_never_hides_rows_written_elsewhere(app, client, county, login, area_cache):
    for i in range(10):
        add_person("children", county["v_east"], name=f"人{i:02d}")
    login("coord")
    assert "第 1 / 2 页" in pager(client.get("/g/children/").get_data(as_text=True))  # 10 kept: two pages
    with db.engine.begin() as other_process:  # not through this process's session: nothing is forgotten
        other_process.execute(insert(Beneficiary), [
            {"group": "children", "name": f"人{i:02d}", "gender": "F", "birth_date": date(2016, 5, 1),
             "place_id": county["v_east"].id, "status": "active", "version": 1} for i in (10, 11, 12)])
    second = client.get("/g/children/?page=2").get_data(as_text=True)
    assert "第 2 / 3 页" in pager(second) and "page=3" in pager(second)  # the rows read show a third page
    third = client.get("/g/children/?page=3").get_data(as_text=True)
    assert len(listed(third)) == 3 and "第 3 / 3 页" in pager(third) and "共 13 人" in pager(third)


def test_deep_pages_in_every_order_give_every_row_once(client, county, login):
    from portal.places.models import Place
    for i in range(12):
        add_person("children", county["v_east" if i % 3 else "v_west"], name=["王芳", "李明"][i % 2],
                   birth=date(2010 + i % 4, 1, 1))
    login("coord")
    for sort, order in [("village", (Place.code, Beneficiary.name, Beneficiary.id)),
                        ("-age", (Beneficiary.birth_date, Beneficiary.name, Beneficiary.id))]:
        shown = []
        for number in (1, 2, 3):
            shown += listed(client.get(f"/g/children/?sort={sort}&page={number}").get_data(as_text=True))
        rows = db.session.execute(db.select(Beneficiary.id).join(Place, Place.id == Beneficiary.place_id)
                                  .order_by(*order)).scalars().all()
        assert shown == rows, sort
