"""Pages that stay fast as a county grows: what they read, not how long they take (bench/portal.py times)."""
from datetime import date

from portal.assignment.models import MatchRun, Pairing
from portal.core import cache
from portal.extensions import db
from portal.ledger.models import Beneficiary, Household

from ..conftest import make_place
from ..factories import add_person, add_volunteer, statements


def people(county, n, group="children"):
    for i in range(n):
        home = Household(place_id=county["v_east"].id, head_name=f"户{i}")
        db.session.add(home)
        db.session.flush()
        add_person(group, county["v_east"], name=f"人{i:03d}", household_id=home.id, phone=f"1380000{i:04d}")


def test_ledger_list_queries_do_not_grow_with_the_page_size(app, client, county, login):
    people(county, 12)
    login("coord")
    client.get("/g/children/")  # the first request after sign-in reads the user's place once more
    app.config["GUANAI_PAGE_SIZE"] = 3
    with statements() as small:
        assert client.get("/g/children/").status_code == 200
    app.config["GUANAI_PAGE_SIZE"] = 12
    with statements() as large:
        page = client.get("/g/children/").get_data(as_text=True)
    # The whole list on one page knows its total without counting (portal/web/pagination.py): one fewer.
    assert "人011" in page and len(large) <= len(small)


def test_runs_list_and_status_never_read_instance_or_result(client, county, login):
    run = MatchRun(service="children.tutoring", place_id=county["root"].id, status="proposed",
                   instance={"beneficiaries": [{"id": f"b{i}"} for i in range(500)], "volunteers": []},
                   result={"assignments": []}, params={})
    db.session.add(run)
    db.session.commit()
    run_id = run.id
    db.session.expunge_all()
    login("coord")
    with statements() as seen:
        assert client.get("/runs/").status_code == 200
        assert client.get(f"/runs/{run_id}/status").get_json()["status"] == "proposed"
    reads = [s for s in seen if "match_runs" in s]
    assert reads and not any("match_runs.instance" in s or "match_runs.result" in s for s in reads)


def test_place_filter_offers_townships_and_only_the_chosen_townships_villages(app, client, county, login):
    other = make_place("V3", "西二村", "village", county["west"])
    make_place("G1", "东村第1网格", "grid", county["v_east"])
    login("coord")
    options = client.get("/g/children/").get_data(as_text=True).split('name="place"')[1].split("</select>")[0]
    assert "东乡" in options and "西乡" in options and "西二村" not in options and "网格" not in options
    page = client.get(f"/g/children/?place={other.id}").get_data(as_text=True)
    assert "西二村" in page and "西村" in page and "东村" not in page.split('name="place"')[1].split("</select>")[0]
    login("east")
    options = client.get("/g/children/").get_data(as_text=True).split('name="place"')[1].split("</select>")[0]
    assert "东村" in options and "西乡" not in options


def test_search_by_digits_finds_phones_and_by_words_finds_names(client, county, login):
    people(county, 3)
    login("coord")
    assert "人001" in client.get("/g/children/?q=13800000001").get_data(as_text=True)
    page = client.get("/g/children/?q=人002").get_data(as_text=True)
    assert "人002" in page and "人001" not in page


def test_volunteer_page_reads_pairings_people_at_once(client, county, login):
    vol = add_volunteer(county, "张老师", user=county["users"]["vol"], services=("children.tutoring",))
    people(county, 2)

    def pair(person):
        db.session.add(Pairing(service="children.tutoring", beneficiary_id=person.id, volunteer_id=vol.id,
                               unit=f"b{person.id}", started_on=date(2026, 1, 1)))
        db.session.commit()
    for person in db.session.execute(db.select(Beneficiary)).scalars():
        pair(person)
    login("vol")
    client.get("/me/")
    with statements() as two:
        assert client.get("/me/").status_code == 200
    people(county, 3)
    for person in db.session.execute(db.select(Beneficiary).where(Beneficiary.name.in_(["人000", "人001", "人002"]))
                                     .order_by(Beneficiary.id.desc()).limit(3)).scalars():
        pair(person)
    with statements() as five:
        page = client.get("/me/").get_data(as_text=True)
    def reads(seen):  # the user is read again after the test's own commits
        return [s for s in seen if "FROM users" not in s]
    assert page.count("人00") >= 5 and len(reads(five)) == len(reads(two))


def test_dashboard_figures_are_kept_a_while_per_area(client, county, login, area_cache):
    people(county, 2)
    login("east")
    assert "2" in client.get("/").get_data(as_text=True)
    with statements() as again:
        client.get("/")
    assert not any("beneficiaries" in s and "count" in s.lower() for s in again)
    login("west")  # another area computes its own
    with statements() as other:
        client.get("/")
    assert any("beneficiaries" in s for s in other)


def test_only_plain_values_are_kept(app, area_cache):
    calls = []
    user = type("U", (), {"role": "coordinator", "place_id": 1, "group": None})()
    with app.test_request_context():
        for _i in range(2):
            cache.cached_for_area("rows", user, lambda: calls.append(1) or [object()])
            cache.cached_for_area("plain", user, lambda: calls.append(2) or {"n": [1, ("a", 2)]})
    assert calls == [1, 2, 1]
