"""The lists: an owner's day (page and JSON), the one-tap knock round, a contact with the family, the coordinator's
overdue list and gaps, scoping of every list, owners set by coordinators, and the command line agreeing with
the page."""
from datetime import timedelta

from portal.core.time import local_today
from portal.extensions import db

from .conftest import born_years_ago, contact, duties_of, owner, someone, user, visit


def _setup(county, grids):
    cadre = user("cadre", place=county["v_east"], role="coordinator")
    worker = user("worker")
    owner("village_cadre", cadre, place=county["v_east"])
    owner("grid_worker", worker, place=grids["g1"])
    late = someone(grids["g1"], category="left_behind", name="张甲")          # never visited: overdue
    visit(late, "door", days=30)
    soon = someone(grids["g1"], category="left_behind", name="李乙")
    visit(soon, "door", days=3)                                              # due in 4 days
    today_ = someone(grids["g2"], category="left_behind", name="王丙")
    visit(today_, "door", days=7)                                            # due today
    west = someone(grids["g3"], category="left_behind", name="赵丁")         # another village: not the cadre's
    return cadre, worker, late, soon, today_, west


def test_an_owners_day_overdue_today_and_this_week_as_a_page_and_as_json(app, county, grids, client, login):
    cadre, worker, late, soon, today_, west = _setup(county, grids)
    login("cadre")
    day = client.get("/duties/mine.json").get_json()
    names = lambda key: {(i["name"], i["duty"]) for i in day[key]}  # noqa: E731
    assert ("张甲", "children.door") in names("overdue")
    assert ("王丙", "children.door") in names("due_today")
    assert ("李乙", "children.door") in names("this_week")
    assert not any(i["name"] == "赵丁" for k in ("overdue", "due_today", "this_week") for i in day[k])
    page = client.get("/duties/mine").get_data(as_text=True)
    assert "张甲" in page and "/visits/new?person=" in page


def test_a_knock_round_is_one_tap_for_the_grids_worker_and_moves_every_door_of_the_grid(app, county, grids, client,
                                                                                        login):
    cadre, worker, late, soon, today_, west = _setup(county, grids)
    login("worker")
    day = client.get("/duties/mine.json").get_json()
    assert [(r["place"], r["people"], r["done_today"]) for r in day["rounds"]] == [("东村第1网格", 2, False)]
    assert client.post(f"/duties/rounds/{grids['g1'].id}", data={"found": ""}).status_code == 302
    assert duties_of(late)["children.knock"].last_done == local_today()
    assert duties_of(today_)["children.knock"].last_done is None                 # another grid
    assert client.post(f"/duties/rounds/{grids['g2'].id}", data={}).status_code == 404  # not this worker's grid
    assert client.get("/duties/mine.json").get_json()["rounds"][0]["done_today"] is True


def test_a_contact_with_the_family_is_recorded_by_the_owner_and_a_silent_family_is_flagged(app, county, grids, client,
                                                                                           login):
    cadre, worker, late, soon, today_, west = _setup(county, grids)
    contact(soon, days=70)
    login("cadre")
    page = client.get("/duties/overdue").get_data(as_text=True)
    assert "李乙" in page.split('id="silent"')[1]      # 70 days without a word: flagged
    r = client.post(f"/duties/contact/{soon.id}", data={"contacted_on": local_today().isoformat(), "who": "母亲",
                                                        "how": "phone", "said": "下月回家"})
    assert r.status_code == 302
    assert duties_of(soon)["children.family"].due_on == local_today() + timedelta(days=30)
    page = client.get("/duties/overdue").get_data(as_text=True)
    assert "李乙" not in page.split('id="silent"')[1].split("</section>")[0]


def test_every_list_is_scoped(app, county, grids, client, login):
    cadre, worker, late, soon, today_, west = _setup(county, grids)
    login("west")       # the other township's coordinator
    page = client.get("/duties/overdue").get_data(as_text=True)
    assert "赵丁" in page and "张甲" not in page
    assert client.get(f"/duties/person/{late.id}").status_code == 404
    login("worker")     # a grid worker owns the knocks of grid 1 only
    assert client.get("/duties/overdue").status_code == 403
    assert client.get(f"/duties/person/{late.id}").status_code == 200
    assert client.get(f"/duties/person/{west.id}").status_code == 404
    day = client.get("/duties/mine.json").get_json()
    assert all(i["name"] != "赵丁" for k in ("overdue", "due_today", "this_week") for i in day[k])
    login("kids")       # the children's staff see the children's duties, not the elders'
    elder = someone(grids["g1"], group="elderly", category="ordinary", birth=born_years_ago(70), name="钱戊")
    page = client.get("/duties/overdue").get_data(as_text=True)
    assert "张甲" in page and "钱戊" not in page
    assert elder.id


def test_coordinators_give_owners_and_the_gaps_are_listed_by_village(app, county, grids, client, login):
    kid = someone(grids["g2"], category="left_behind", name="甲")
    user("newcadre")
    login("coord")
    page = client.get("/duties/owners").get_data(as_text=True)
    gaps = page.split('id="gaps"')[1].split("</section>")[0]
    assert "东村" in gaps and "东村第2网格" in gaps
    r = client.post("/duties/owners", data={"role": "village_cadre", "place": county["v_east"].id, "unit": "",
                                            "username": "newcadre"})
    assert r.status_code == 302
    assert duties_of(kid)["children.door"].owner.username == "newcadre"
    r = client.post("/duties/owners", data={"role": "grid_worker", "place": county["v_east"].id, "unit": "",
                                            "username": "newcadre"})
    assert r.status_code == 200   # a grid worker is given a grid, not a village
    assert duties_of(kid)["children.knock"].owner_id is None


def test_gaps_name_the_village_the_role_the_grid_and_the_households(app, county, grids):
    from portal.duties.cli import SYSTEM
    from portal.duties.owners import gaps
    from portal.ledger.models import Household
    homes = [Household(place_id=grids["g2"].id, head_name=f"户{i}") for i in range(2)]
    db.session.add_all(homes)
    db.session.commit()
    for i, h in enumerate(homes * 2):
        someone(grids["g2"], category="left_behind", name=f"人{i}", household_id=h.id)
    found = {(g.village, g.role, g.place): (g.households, g.people) for g in gaps(SYSTEM)}
    assert found[("东村", "grid_worker", "东村第2网格")] == (2, 4)
    assert found[("东村", "village_cadre", "")] == (2, 4)


def test_the_command_line_and_the_coordinators_page_agree(app, county, grids, client, login):
    from portal.duties.cli import list_command
    cadre, worker, late, soon, today_, west = _setup(county, grids)
    out = app.test_cli_runner().invoke(list_command, ["--overdue", "--csv"]).output.splitlines()
    assert out[0] == "person_id,name,group,duty,owner,last_done,next_due,days_overdue"
    cli = {tuple(line.split(",")[:4]) for line in out[1:]}
    login("admin")
    table = client.get("/duties/overdue").get_data(as_text=True).split('id="overdue"')[1].split("</table>")[0]
    import re
    on_page = re.findall(r'/duties/person/(\d+)">([^<]+)</a></td><td data-label="[^"]+">[^<]*</td>\s*<td data-label="[^"]+">([^<]+)', table)
    assert len(on_page) == len(cli) < 50
    assert {pid for pid, _n, _d in on_page} == {line[0] for line in cli}
    from portal.duties.cli import SYSTEM
    from portal.duties.lists import Filters, duty_rows
    assert (str(late.id), "张甲", "children", "children.door") in cli
    # received's periodic services are duties too (003: the semester health check, never given in 200 days), on
    # the command line and on the page alike
    assert (str(late.id), "张甲", "children", "children.periodic_health_check") in cli
    from portal.duties.rules import duty_name
    with app.test_request_context():
        check = duty_name("children.periodic_health_check")
    assert (str(late.id), "张甲", check) in set(on_page)
    assert sum(1 for line in cli if line[3] == "children.periodic_health_check") == \
        sum(1 for _p, _n, d in on_page if d == check) == 4
    total = client.get("/duties/overdue").get_data(as_text=True).split('id="overdue-total">')[1].split("<")[0]
    assert int(total) == len(cli)   # the kept counts (duty_counts) agree with the rows
    mine = app.test_cli_runner().invoke(list_command, ["--owner", "cadre"]).output.splitlines()
    assert all("\tcadre\t" in line for line in mine) and mine
    rows = duty_rows(SYSTEM, Filters(), overdue=True)
    assert {(str(r.person_id), r.name, r.group, r.duty) for r in rows} == cli
    bad = app.test_cli_runner().invoke(list_command, ["--place", "nowhere"])
    assert bad.exit_code == 2


def test_the_owners_list_is_paged_by_the_database(app, county, grids, client, login, monkeypatch):
    """A county has some 5,000 owners: the owners page shows one page of them (its users and places read with it)
    and the pager, never the whole list."""
    for i, grid in enumerate(("g1", "g2", "g3")):
        owner("grid_worker", user(f"gridworker{i}"), place=grids[grid])
    monkeypatch.setitem(app.config, "GUANAI_PAGE_SIZE", 2)
    login("coord")
    first = client.get("/duties/owners").get_data(as_text=True)
    second = client.get("/duties/owners?page=2").get_data(as_text=True)
    listed = lambda page: page.split('id="owners"')[1].count("/release")   # noqa: E731
    assert listed(first) == 2 and listed(second) == 1 and "下一页" in first


def test_a_busy_owners_day_shows_the_first_rows_of_each_section_and_the_rest_on_its_own_pages(app, county, grids,
                                                                                              client, login):
    from portal.duties.views import DAY_SHOWN
    cadre, worker, *_ = _setup(county, grids)
    for n in range(DAY_SHOWN + 3):
        someone(grids["g1"], category="left_behind", name=f"孩子{n:02d}")        # never visited: overdue
    db.session.commit()
    login("cadre")
    whole = [(i["person_id"], i["duty"]) for i in client.get("/duties/mine.json").get_json()["overdue"]]
    assert len(whole) > DAY_SHOWN + 3
    page = client.get("/duties/mine").get_data(as_text=True)
    overdue = page.split('id="overdue"')[1].split("</section>")[0]
    assert f"({len(whole)})" in overdue and overdue.count('class="duty"') == DAY_SHOWN
    assert "/duties/mine/overdue" in overdue
    today = page.split('id="today"')[1].split("</section>")[0]
    assert "王丙" in today and "/duties/mine/today" not in today     # a short section is whole
    app.config["GUANAI_PAGE_SIZE"] = 7
    seen = []
    for number in range(1, -(-len(whole) // 7) + 1):
        part = client.get(f"/duties/mine/overdue?page={number}").get_data(as_text=True)
        seen += part.split('<ul class="plain duty-list">')[1].split("</ul>")[0].count('class="duty"') * [number]
    assert len(seen) == len(whole)
    first = client.get("/duties/mine/overdue?page=1").get_data(as_text=True)
    assert first.index("孩子00") < first.index("孩子01")
    assert client.get("/duties/mine/later").status_code == 404
    login("worker")     # another owner's sections hold only their own duties
    assert "孩子00" not in client.get("/duties/mine/overdue").get_data(as_text=True)
