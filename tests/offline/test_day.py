"""The helper's own day for the phone (issue 31, "What works without a signal" and "Privacy on a shared phone"):
only their people, never an ID number, the emergency numbers first, the forms described, never cached by HTTP."""
from __future__ import annotations

import json
from datetime import datetime

from portal.extensions import db

from .conftest import new_key, visit_fields


def test_the_day_holds_only_the_helpers_people_and_no_id_number(day, login_as, client):
    login_as("vol")
    response = client.get("/offline/day.json")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store, private"
    body = response.get_json()
    assert [p["name"] for p in body["people"]] == ["李小红"]
    person = body["people"][0]
    assert person["village"] == "东村" and person["address"] == "东村1组3号"
    assert person["phone"] == "13900001111"          # the household's, as the child has none
    assert person["last_visit"] is None and person["follow_ups"] == []
    assert "visit" in person["kinds"]
    text = json.dumps(body, ensure_ascii=False)
    assert "430000201605010021" not in text and "430000201605010045" not in text and "赵小明" not in text
    assert "id_number" not in text
    assert body["user"]["id"] == day["helper"].user_id and body["csrf_token"]


def test_the_day_expires_after_the_configured_days(day, login_as, client, app):
    app.config["GUANAI_OFFLINE_DAYS"] = 3
    login_as("vol")
    body = client.get("/offline/day.json").get_json()
    made, expires = (datetime.fromisoformat(body[k].rstrip("Z")) for k in ("made_at", "expires_at"))
    assert (expires - made).days == 3


def test_the_emergency_numbers_come_first(day, login_as, client):
    login_as("vol")
    numbers = [(e["number"], e["role"]) for e in client.get("/offline/day.json").get_json()["emergency"]]
    assert numbers[:2] == [("110", "police"), ("120", "ambulance")]
    assert len({n for n, _role in numbers}) == len(numbers)


def test_the_kinds_describe_their_forms(day, login_as, client):
    login_as("vol")
    kinds = client.get("/offline/day.json").get_json()["kinds"]
    visit = kinds["visit"]
    assert visit["photos"] is True and visit["for_person"] is True and visit["label"]
    fields = {f["name"]: f for f in visit["fields"]}
    assert fields["person"]["type"] == "person" and fields["person"]["required"]
    assert fields["visited_at"]["type"] == "datetime" and fields["spoke_to"]["required"]
    assert ["home", fields["mode"]["choices"][0][1]] in fields["mode"]["choices"] or fields["mode"]["choices"]
    assert fields["photos"]["type"] == "photos" and fields["notes"]["type"] == "textarea"
    assert "csrf_token" not in fields and "target" not in fields and "helpers" not in fields
    assert "follow_up_done" in kinds


def test_the_day_shows_the_last_visit_and_open_follow_ups(day, login_as, client, send):
    login_as("vol")
    assert send("visit", visit_fields(day["mine"], follow_up_what="送棉衣", follow_up_due="2030-01-01"),
                key=new_key()).status_code == 201
    person = client.get("/offline/day.json").get_json()["people"][0]
    assert person["last_visit"] is not None
    assert [(f["what"], f["due_on"]) for f in person["follow_ups"]] == [("送棉衣", "2030-01-01")]



def test_the_visit_form_starts_on_the_rule_the_helpers_own_pairing_carries(day, login_as, client):
    """A visit written from the people list counted for no rule, and the overdue visit stayed overdue (a walk on the
    demo county): the rule of the helper's pairing (a caring family's, 004) comes first and is chosen."""
    login_as("vol")
    person = client.get("/offline/day.json").get_json()["people"][0]
    codes = [r["code"] for r in person["visit_rules"]]
    assert person["visit_rule"] == "caring_family" == codes[0]
    assert "teacher" in codes  # the others stay offered, after


def test_the_day_of_a_coordinator_is_their_own_not_their_area(day, login_as, client):
    login_as("coord")
    assert client.get("/offline/day.json").get_json()["people"] == []


def test_the_day_is_read_in_a_few_queries_whatever_the_number_of_people(day, login_as, client, county):
    from portal.testing import add_person, statements

    from .conftest import pair
    login_as("vol")
    client.get("/offline/day.json")
    with statements() as one:
        assert len(client.get("/offline/day.json").get_json()["people"]) == 1
    for i in range(6):
        pair(add_person("children", county["v_east"], name=f"孩子{i}"), day["helper"])
    db.session.commit()
    with statements() as seven:
        assert len(client.get("/offline/day.json").get_json()["people"]) == 7
    reads = lambda seen: [s for s in seen if not s.startswith("SELECT users.")]  # noqa: E731  (the session's user)
    assert len(reads(seven)) == len(reads(one)) <= 10, seven   # the people, a few per kind: none per person
