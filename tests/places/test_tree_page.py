"""The place tree page a level at a time (issue 32: a county's 4,500 places were 478 KB in one page): one place,
the way up to it and its children, each opened by a link; a search by name or code, paged; only one's own area."""
from ..factories import make_place
from portal.extensions import db


def test_the_tree_shows_a_level_at_a_time_and_opens_a_child(client, login, county):
    grid = make_place("G1", "一网格", "grid", county["v_east"])
    db.session.commit()
    login("coord")
    page = client.get("/places/").get_data(as_text=True)
    assert "示范县" in page and "东乡" in page and "西乡" in page
    assert "东村" not in page and "一网格" not in page
    assert f'href="/places/?place={county["east"].id}"' in page      # a township opens its villages
    east = client.get(f"/places/?place={county['east'].id}").get_data(as_text=True)
    assert "东村" in east and "西村" not in east and "一网格" not in east
    assert f'href="/places/?place={county["root"].id}"' in east      # the way back up
    village = client.get(f"/places/?place={county['v_east'].id}").get_data(as_text=True)
    assert "一网格" in village and grid.code in village


def test_the_search_is_paged_and_scoped(app, client, login, county):
    app.config["GUANAI_PAGE_SIZE"] = 2
    for i in range(3):
        make_place(f"E{i}", f"东山{i}村", "village", county["east"])
    make_place("W9", "西山村", "village", county["west"])
    db.session.commit()
    login("coord")
    found = client.get("/places/?q=山").get_data(as_text=True)
    table = found.split('id="places"')[1].split("</table>")[0]
    assert table.count("<tr>") == 3 and 'class="pager"' in found     # the header and a page of two
    login("east")
    found = client.get("/places/?q=山").get_data(as_text=True)
    assert "西山村" not in found and "东山0村" in found
    assert client.get(f"/places/?place={county['west'].id}").status_code == 404
