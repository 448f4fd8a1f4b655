"""Each kind a feature hands over makes its item once through the feature's own service, and refuses in words what
the feature's rules refuse: a follow-up done, the grid's knock round (000, 一敲门), an incident (004, 强制报告: report
at once) and a health reading (003: 测血压、体重、身高)."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from portal.core.time import local_now, local_today
from portal.extensions import db
from portal.offline.models import OfflineReceipt

from ..duties.conftest import owner, someone, user
from .conftest import new_key, visit_fields


def count(model) -> int:
    return db.session.execute(select(func.count()).select_from(model)).scalar_one()


def test_a_follow_up_done_offline_is_closed_once(day, login_as, send):
    from portal.visits.models import FollowUp
    login_as("vol")
    assert send("visit", visit_fields(day["mine"], follow_up_what="送棉衣")).status_code == 201
    item = db.session.execute(select(FollowUp)).scalar_one()
    key = new_key()
    fields = {"person": day["mine"].id, "follow_up": item.id, "done_on": local_today().isoformat()}
    first = send("follow_up_done", fields, key=key)
    assert first.status_code == 201, first.get_json()
    db.session.expire_all()
    assert db.session.get(FollowUp, item.id).done_on == local_today()
    again = send("follow_up_done", fields, key=key)
    assert again.status_code == 200 and again.get_json() == {**first.get_json(), "replayed": True}
    assert count(OfflineReceipt) == 2     # the visit's and the follow-up's


def test_a_follow_up_of_someone_else_is_refused(day, login_as, send):
    login_as("vol")
    response = send("follow_up_done", {"person": day["mine"].id, "follow_up": 999999,
                                       "done_on": local_today().isoformat()})
    assert response.status_code == 422 and response.get_json()["errors"]["follow_up"]


def _worker(county, grids):
    worker = user("worker")
    owner("grid_worker", worker, place=grids["g1"])
    kid = someone(grids["g1"], category="left_behind", name="张甲")
    someone(grids["g2"], category="left_behind", name="王丙")           # another grid: not the worker's
    return worker, kid


def test_a_grid_workers_day_holds_the_people_of_their_grid_and_their_grid_to_knock(county, grids, login, client):
    worker, kid = _worker(county, grids)
    login("worker")
    body = client.get("/offline/day.json").get_json()
    assert [p["name"] for p in body["people"]] == ["张甲"]
    person = body["people"][0]
    assert person["village"] == "东村"
    places = {f["name"]: f for f in body["kinds"]["duty_round"]["fields"]}["place"]["choices"]
    assert places == [[str(grids["g1"].id), "东村第1网格"]]
    assert body["kinds"]["duty_round"]["for_person"] is False


def test_a_knock_round_done_offline_is_recorded_once_and_only_for_ones_own_grid(county, grids, login, send):
    from portal.duties.models import KnockRound
    worker, kid = _worker(county, grids)
    login("worker")
    key = new_key()
    fields = {"place": grids["g1"].id, "day": local_today().isoformat(), "doors": "12", "found": "张家屋顶漏雨"}
    first = send("duty_round", fields, key=key)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["url"] == "/duties/mine"
    again = send("duty_round", fields, key=key)
    assert again.status_code == 200 and again.get_json()["replayed"] is True
    row = db.session.execute(select(KnockRound)).scalar_one()
    assert (row.place_id, row.doors, row.found, row.by_id) == (grids["g1"].id, 12, "张家屋顶漏雨", worker.id)
    other = send("duty_round", {**fields, "place": grids["g2"].id})
    assert other.status_code == 422 and other.get_json()["errors"]["place"]
    future = send("duty_round", {**fields, "day": (local_today() + timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and future.get_json()["errors"]["day"]
    assert count(KnockRound) == 1


def test_an_incident_written_offline_is_opened_once_with_its_clock_from_when_it_happened(day, login_as, send, app):
    from portal.incidents.models import Incident
    from portal.incidents.types import types_of
    kind = types_of("children")[0]
    login_as("vol")
    key = new_key()
    happened = (local_now() - timedelta(hours=3)).replace(second=0, microsecond=0)
    fields = {"person": day["mine"].id, "kind": kind.key, "what": "孩子放学未回家",
              "occurred_at": happened.strftime("%Y-%m-%dT%H:%M")}
    first = send("incident", fields, key=key)
    assert first.status_code == 201, first.get_json()
    incident = db.session.get(Incident, first.get_json()["id"])
    assert incident.beneficiary_id == day["mine"].id and incident.what == "孩子放学未回家"
    assert incident.location == day["mine"].address            # where the person lives, when not said
    from portal.core.time import to_local
    assert to_local(incident.occurred_at) == happened
    assert first.get_json()["url"] == f"/incidents/{incident.id}"
    assert send("incident", fields, key=key).get_json()["replayed"] is True
    assert count(Incident) == 1


def test_an_incident_of_another_groups_type_is_refused(day, login_as, send, app):
    from portal.incidents.types import all_types
    foreign = next((k for k in all_types().values() if k.group != "children"), None)
    login_as("vol")
    if foreign is None:
        return
    response = send("incident", {"person": day["mine"].id, "kind": foreign.key, "what": "x"})
    assert response.status_code == 422 and response.get_json()["errors"]["kind"]


def test_a_health_reading_offline_is_kept_once_and_an_impossible_one_refused_naming_the_field(day, login_as, send):
    from portal.health.models import Reading
    login_as("vol")
    key = new_key()
    fields = {"person": day["mine"].id, "kind": "growth", "taken_on": local_today().isoformat(), "height": "128",
              "weight": "26.5"}
    first = send("reading", fields, key=key)
    assert first.status_code == 201, first.get_json()
    row = db.session.get(Reading, first.get_json()["id"])
    assert (row.kind, row.height, row.weight, row.recorded_by_id) == ("growth", 128, 26.5, day["helper"].user_id)
    assert first.get_json()["url"].endswith("#readings")
    assert send("reading", fields, key=key).status_code == 200
    wrong = send("reading", {**fields, "height": "1280"})
    assert wrong.status_code == 422 and wrong.get_json()["errors"]["height"]
    assert "1280" in wrong.get_json()["reason"]
    assert count(Reading) == 1


def test_the_day_gives_a_paired_helper_only_the_chronic_conditions_of_the_health_file(day, login_as, client):
    from portal.health.models import Condition, Illness
    db.session.add(Condition(beneficiary_id=day["mine"].id, name="哮喘"))
    db.session.add(Illness(beneficiary_id=day["mine"].id, what="肺炎住院", found_on=local_today()))
    db.session.commit()
    login_as("vol")
    body = client.get("/offline/day.json").get_json()
    assert body["people"][0]["conditions"] == ["哮喘"]
    assert "肺炎" not in str(body)


def test_a_grid_worker_gets_no_health_conditions_of_the_grids_people(county, grids, login, client):
    from portal.health.models import Condition
    worker, kid = _worker(county, grids)
    db.session.add(Condition(beneficiary_id=kid.id, name="癫痫"))
    db.session.commit()
    login("worker")
    body = client.get("/offline/day.json").get_json()
    assert [p["name"] for p in body["people"]] == ["张甲"] and body["people"][0]["conditions"] == []
    assert "癫痫" not in str(body)
