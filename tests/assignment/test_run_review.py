"""Match runs at county scale: built by the worker (not the request), failures shown, the review by village."""

import pytest
from sqlalchemy import func, select

import portal.assignment.runs as runs
from portal.assignment.models import MatchRun, Pairing
from portal.assignment.runs import create_run, execute_run
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db

from ..factories import make_place
from .test_runs import child, committed, helper, run_and_solve, scene, services  # noqa: F401  (scene: a fixture)


def stored_instance(run_id):
    return db.session.execute(select(MatchRun.instance).where(MatchRun.id == run_id)).scalar_one()


def test_creating_a_run_stores_it_without_building_and_the_task_builds_and_solves_it(app, scene, monkeypatch):  # noqa: F811
    county = scene["county"]
    real = runs.build_instance
    calls = []
    monkeypatch.setattr(runs, "build_instance", lambda *a, **kw: calls.append(a) or real(*a, **kw))
    run = create_run(county["users"]["east"], services(app)["children.caring_pairing"], "volunteer", county["east"],
                     {"locked": [[scene["boy"].id, scene["bo"].id]]})
    assert calls == [] and run.status == "queued" and stored_instance(run.id) is None
    assert run.params == {"locked": [[scene["boy"].id, scene["bo"].id]], "forbidden": []}
    execute_run(run.id)
    db.session.expire_all()
    run = db.session.get(MatchRun, run.id)
    assert len(calls) == 1 and run.status == "proposed" and run.progress == 100
    assert [f"b{scene['boy'].id}", f"v{scene['bo'].id}"] in run.instance["locked"]
    assert len(run.instance["beneficiaries"]) == 3 and run.params["skipped"] == []
    # the worker keeps the review's summary and the result cut by village with the proposal
    assert (run.review["people"], run.review["paired"], run.review["places"][0][:2]) == (3, 3, [county["v_east"].id, "东村"])
    assert len(run.rows_by_place[str(county["v_east"].id)]["assignments"]) == 3


def test_the_post_that_starts_a_run_does_not_build_it(client, app, scene, login, monkeypatch):  # noqa: F811
    queued = []
    monkeypatch.setattr("portal.assignment.views.queue_run", queued.append)  # no worker: the task waits
    login("east")
    response = client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                           "place_id": scene["county"]["east"].id})
    run = db.session.execute(select(MatchRun)).scalar_one()
    assert queued == [run.id] and response.location == f"/runs/{run.id}"
    assert run.status == "queued" and stored_instance(run.id) is None
    page = client.get(response.location).get_data(as_text=True)
    assert "等待后台进程接手" in page and "progress.js" in page and "取消这次匹配" in page


def test_a_building_run_says_so_on_its_progress_page(client, app, scene, login, monkeypatch):  # noqa: F811
    monkeypatch.setattr("portal.assignment.views.queue_run", lambda run_id: None)
    login("east")
    client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                "place_id": scene["county"]["east"].id})
    run = db.session.execute(select(MatchRun)).scalar_one()
    run.status, run.heartbeat_at = "building", runs.utcnow()
    db.session.commit()
    status = client.get(f"/runs/{run.id}/status").get_json()
    assert status["status"] == "building" and status["final"] is False and "台账" in status["phase"]
    assert "台账" in client.get(f"/runs/{run.id}").get_data(as_text=True)


def test_a_failure_while_building_shows_on_the_run_and_a_retry_builds_it_again(client, app, scene, login,  # noqa: F811
                                                                                monkeypatch):
    def broken(*_args, **_kw):
        raise RuntimeError("the ledger is unreachable")
    monkeypatch.setattr(runs, "build_instance", broken)
    login("east")
    client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                "place_id": scene["county"]["east"].id})
    run = db.session.execute(select(MatchRun)).scalar_one()
    assert run.status == "failed" and stored_instance(run.id) is None
    page = client.get(f"/runs/{run.id}").get_data(as_text=True)
    assert "无法从台账生成" in page and "the ledger is unreachable" in page and "重新运行" in page
    monkeypatch.undo()
    client.post(f"/runs/{run.id}/retry")
    db.session.expire_all()
    assert db.session.get(MatchRun, run.id).status == "proposed" and stored_instance(run.id) is not None


@pytest.mark.commits
def test_a_run_cancelled_while_building_keeps_nothing(app, scene, monkeypatch):  # noqa: F811
    county = scene["county"]
    run = create_run(None, services(app)["children.caring_pairing"], "volunteer", county["east"])
    real = runs.build_instance

    def cancelled_meanwhile(*args, **kw):
        built = real(*args, **kw)
        with db.engine.begin() as conn:  # the coordinator's cancel, from another connection
            conn.execute(MatchRun.__table__.update().where(MatchRun.__table__.c.id == run.id).values(status="cancelled"))
        return built
    monkeypatch.setattr(runs, "build_instance", cancelled_meanwhile)
    execute_run(run.id)
    db.session.expire_all()
    assert db.session.get(MatchRun, run.id).status == "cancelled" and stored_instance(run.id) is None


def many_children(county, village, n):
    return [child(county, f"孩子{i:02d}", place=village) for i in range(n)]


def test_the_review_shows_the_summary_and_the_villages_and_each_village_a_page_at_a_time(client, app, scene, login):  # noqa: F811
    county = scene["county"]
    helper(county, "多多", capacity=5, lat=27.31, lon=111.81)
    many_children(county, "v_east", 4)  # with the scene's three: seven in 东村, one page of five and one of two
    login("coord")
    client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                "place_id": county["root"].id})
    run = db.session.execute(select(MatchRun)).scalar_one()
    assert run.status == "proposed"
    page = client.get(f"/runs/{run.id}").get_data(as_text=True)
    assert "小芳" not in page and "孩子00" not in page  # no pairings on the summary
    assert "参与匹配人数</span><b>8</b>" in page  # 7 in 东村, 西娃 in 西村
    east, west = county["v_east"].id, county["v_west"].id
    assert f"/runs/{run.id}/places/{east}" in page and f"/runs/{run.id}/places/{west}" in page
    first = client.get(f"/runs/{run.id}/places/{east}").get_data(as_text=True)
    second = client.get(f"/runs/{run.id}/places/{east}?page=2").get_data(as_text=True)
    names = ["孩子00", "孩子01", "孩子02", "孩子03", "小军", "小明", "小芳"]  # by name
    assert [n for n in names if n in first] == names[:5] and [n for n in names if n in second] == names[5:]
    assert "西娃" not in first and "西娃" in client.get(f"/runs/{run.id}/places/{west}").get_data(as_text=True)


def test_the_village_list_is_paginated(client, app, scene, login):  # noqa: F811
    county = scene["county"]
    for i in range(6):
        village = make_place(f"V9{i}", f"新村{i}", "village", county["east"], 27.31, 111.81)
        db.session.commit()
        county[f"new{i}"] = village
        child(county, f"新娃{i}", place=f"new{i}")
    run = run_and_solve(app, county)
    login("east")
    first = client.get(f"/runs/{run.id}").get_data(as_text=True)
    second = client.get(f"/runs/{run.id}?page=2").get_data(as_text=True)
    links = [f"/places/{county[k].id}\"" for k in ["v_east"] + [f"new{i}" for i in range(6)]]
    assert sum(link in first for link in links) == 5 and sum(link in second for link in links) == 2


def test_a_village_outside_the_run_or_a_run_not_solved_has_no_village_page(client, app, scene, login, monkeypatch):  # noqa: F811
    county = scene["county"]
    run = run_and_solve(app, county)
    login("coord")
    assert client.get(f"/runs/{run.id}/places/{county['v_west'].id}").status_code == 404
    monkeypatch.setattr("portal.assignment.views.queue_run", lambda run_id: None)
    client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                "place_id": county["east"].id})
    waiting = db.session.execute(select(MatchRun).where(MatchRun.status == "queued")).scalar_one()
    assert client.get(f"/runs/{waiting.id}/places/{county['v_east'].id}").status_code == 404
    login("west")
    assert client.get(f"/runs/{run.id}/places/{county['v_east'].id}").status_code == 404


def test_a_forbidden_pair_is_kept_out_of_the_child_run_and_shows_as_unlock_once_locked(client, app, scene, login):  # noqa: F811
    county = scene["county"]
    login("east")
    client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                "place_id": county["east"].id})
    run = db.session.execute(select(MatchRun)).scalar_one()
    pair = {"beneficiary": scene["boy"].id, "volunteer": scene["bo"].id}
    forbid = client.post(f"/runs/{run.id}/adjust", data={"action": "forbid", **pair})
    child_run = db.session.get(MatchRun, int(forbid.location.rsplit("/", 1)[1]))
    assert child_run.status == "proposed" and child_run.parent_id == run.id
    given = {a["beneficiary"]: a["volunteer"] for a in child_run.result["assignments"]}
    assert given.get(f"b{scene['boy'].id}") != f"v{scene['bo'].id}"
    lock = client.post(f"/runs/{run.id}/adjust", data={"action": "lock", **pair})
    locked_run = int(lock.location.rsplit("/", 1)[1])
    village = client.get(f"/runs/{locked_run}/places/{county['v_east'].id}").get_data(as_text=True)
    assert "解除锁定" in village


@pytest.mark.clock
def test_a_commit_writes_pairings_audit_and_loads_as_before(app, scene):  # noqa: F811
    from portal.volunteers.models import VolunteerService
    county = scene["county"]
    first = run_and_solve(app, county)
    assert committed(first, county["users"]["east"]) == {"new": 3, "ended": 0, "kept": 0}
    # The orphan may not have Bo: the plan gives him Ann (class 1 first), so the household loses her.
    again = run_and_solve(app, county, params={"forbidden": [[scene["boy"].id, scene["bo"].id]]})
    assert committed(again, county["users"]["east"]) == {"new": 1, "ended": 3, "kept": 0}
    audit = dict(db.session.execute(select(AuditEntry.action, func.count()).where(AuditEntry.entity == "pairing")
                                    .group_by(AuditEntry.action)).all())
    assert audit == {"create": 4, "end": 3}
    ended = db.session.execute(select(Pairing).where(Pairing.status == "ended")).scalars().all()
    assert {p.beneficiary_id for p in ended} == {scene[k].id for k in ("girl", "brother", "boy")}
    assert {(p.end_reason, p.ended_on) for p in ended} == {(f"run {again.id}", local_today())}
    active = db.session.execute(select(Pairing).where(Pairing.status == "active")).scalar_one()
    assert (active.beneficiary_id, active.volunteer_id, active.run_id) == (scene["boy"].id, scene["ann"].id, again.id)
    loads = dict(db.session.execute(select(VolunteerService.volunteer_id, VolunteerService.load)).all())
    assert loads == {scene["ann"].id: 1, scene["bo"].id: 0}
    home = f"h{scene['home'].id}"
    assert {p.unit for p in db.session.execute(select(Pairing).where(
        Pairing.beneficiary_id.in_([scene["girl"].id, scene["brother"].id]))).scalars()} == {home}


def test_the_run_form_lists_townships_and_only_the_chosen_townships_villages(client, app, scene, login):  # noqa: F811
    login("coord")
    page = client.get("/runs/").get_data(as_text=True)
    assert "东乡" in page and "西乡" in page and "东村" not in page and "西村" not in page
    chosen = client.get(f"/runs/?place={scene['county']['v_east'].id}").get_data(as_text=True)
    assert "东村" in chosen and "西村" not in chosen
    shown = client.get(f"/runs/?service=children.caring_pairing&role=volunteer&place_id={scene['county']['west'].id}")
    assert "西村" in shown.get_data(as_text=True) and "东村" not in shown.get_data(as_text=True)
    client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                "place_id": scene["county"]["v_east"].id})
    assert db.session.execute(select(MatchRun.place_id)).scalar_one() == scene["county"]["v_east"].id


def test_a_commit_refused_by_the_worker_puts_the_run_back_with_the_reason(client, app, scene, login):  # noqa: F811
    county = scene["county"]
    first, second = run_and_solve(app, county), run_and_solve(app, county)
    login("east")
    client.post(f"/runs/{first.id}/commit")
    page = client.post(f"/runs/{second.id}/commit", follow_redirects=True).get_data(as_text=True)
    run = db.session.get(MatchRun, second.id)
    assert run.status == "proposed" and run.committed_by_id is None and run.error
    assert run.error in page and "提交这些结对" in page
    assert db.session.execute(select(func.count(Pairing.id)).where(Pairing.run_id == second.id)).scalar_one() == 0


def test_a_commit_stuck_without_a_worker_is_sent_again_by_the_reaper(app, scene, monkeypatch):  # noqa: F811
    from datetime import timedelta

    from portal.assignment.committing import hand_over_commit
    from portal.assignment.runs import reap_stale_runs
    run = run_and_solve(app, scene["county"])
    assert hand_over_commit(scene["county"]["users"]["east"], run)  # its task was lost: nobody queued it
    assert reap_stale_runs()["resent"] == 0  # not stale yet
    db.session.execute(MatchRun.__table__.update().values(heartbeat_at=runs.utcnow() - timedelta(hours=1)))
    db.session.commit()
    assert reap_stale_runs()["resent"] == 1  # sent again: the immediate queue writes it at once
    db.session.expire_all()
    assert db.session.get(MatchRun, run.id).status == "committed"
    assert db.session.execute(select(func.count(Pairing.id)).where(Pairing.run_id == run.id)).scalar_one() == 3


def test_the_village_list_counts_places_in_words(client, app, scene, login):  # noqa: F811
    """Issue 27: the run's village list said "共 2 人" under two places (the pager counted rows as people)."""
    county = scene["county"]
    from portal.places.models import Place
    whole = db.session.execute(select(Place).where(Place.level == "county")).scalar_one()
    run = create_run(county["users"]["coord"], services(app)["children.caring_pairing"], "volunteer", whole)
    execute_run(run.id)
    login("coord")
    page = client.get(f"/runs/{run.id}").get_data(as_text=True)
    villages = page.split("<h2>按村查看结对</h2>")[1]
    assert "共 2 个地点" in villages and "共 2 人" not in villages


def test_a_run_that_leaves_people_unpaired_has_their_kept_due_days_written_again(app, scene):  # noqa: F811
    """``guanai_on_pairings_replaced`` (PLUGIN_API 11): the run's replaced pairings are ended by a statement no
    session event sees; the visits' kept table and the duties' due table hear of them from the hook, at the
    commit, not at the next daily refresh."""
    from portal.duties.models import DutyDue
    from portal.visits import kept
    from portal.visits.models import VisitDue
    county, girl = scene["county"], scene["girl"]
    committed(run_and_solve(app, county), county["users"]["east"])
    kept.refresh()
    db.session.commit()

    def helpers_of(person) -> tuple[set, set]:
        db.session.expire_all()
        visits = set(db.session.execute(select(VisitDue.vid).where(VisitDue.beneficiary_id == person.id,
                                                                   VisitDue.vid.is_not(None))).scalars())
        duties = set(db.session.execute(select(DutyDue.owner_id).where(DutyDue.beneficiary_id == person.id,
                                                                       DutyDue.owner_role == "helper")).scalars())
        return visits, duties
    visits, duties = helpers_of(girl)
    assert visits and duties                          # paired: her helper's visits are kept and owned
    again = run_and_solve(app, county, params={"forbidden": [[scene["boy"].id, scene["bo"].id]]})
    assert committed(again, county["users"]["east"])["ended"] == 3
    assert helpers_of(girl) == (set(), set())        # unpaired by the run: no helper's rows left behind
