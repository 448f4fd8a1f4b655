"""Match runs: the instance mirrors the rows, plugin rules reach the engine, commits are atomic and safe."""
import json
import subprocess
import sys
from datetime import date

import pytest
from sqlalchemy import func, select

from portal import create_app
from portal.assignment.instance import build_instance
from portal.assignment.models import MatchRun, Pairing
from portal.assignment.pairings import CommitRefused, commit_run
from portal.assignment.runs import create_run, execute_run
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.volunteers.models import Volunteer, VolunteerService

from ..concurrency import run_together


def helper(county, name, gender="F", kind="caring_mother", capacity=1, service="children.caring_pairing", place="v_east",
           lat=27.312, lon=111.812, checked=True, user=None):
    v = Volunteer(name=name, gender=gender, phone="13800000000", kind=kind, place_id=county[place].id, lat=lat,
                  lon=lon, travel_km=10, skills=["homework"], background_check="passed" if checked else "none",
                  status="active", user_id=user.id if user else None)
    v.services.append(VolunteerService(service=service, capacity=capacity))
    db.session.add(v)
    db.session.commit()
    return v


def child(county, name, gender="M", birth=date(2016, 1, 1), category="left_behind", household=None, place="v_east",
          services=("children.caring_pairing",)):
    p = Beneficiary(group="children", name=name, gender=gender, birth_date=birth, place_id=county[place].id,
                    household_id=household.id if household else None, category=category, needs=["homework"],
                    services=list(services))
    db.session.add(p)
    db.session.commit()
    return p


@pytest.fixture
def scene(county):
    home = county["home"]
    home.lat, home.lon = 27.311, 111.811
    db.session.commit()
    s = {"county": county, "home": home, "service": None}
    s["ann"] = helper(county, "安姐", capacity=1)
    s["bo"] = helper(county, "薄哥", gender="M", lat=27.32, lon=111.82, capacity=2)
    s["girl"] = child(county, "小芳", gender="F", birth=date(2015, 1, 1), household=home)
    s["brother"] = child(county, "小军", household=home)
    s["boy"] = child(county, "小明", category="orphan")
    s["west"] = child(county, "西娃", place="v_west")
    s["no_service"] = child(county, "不需要", services=())
    return s


def services(app):
    return app.extensions["guanai"].services


def test_instance_mirrors_the_rows(app, scene):
    county = scene["county"]
    doc = build_instance(services(app)["children.caring_pairing"], "volunteer", county["east"], {}).doc
    ids = {b["id"]: b for b in doc["beneficiaries"]}
    assert set(ids) == {f"b{scene[k].id}" for k in ("girl", "brother", "boy")}
    girl = ids[f"b{scene['girl'].id}"]
    assert girl["household"] == f"h{scene['home'].id}" and girl["gender"] == "F" and girl["age"] == scene["girl"].age
    assert (girl["lat"], girl["lon"]) == (27.311, 111.811)
    assert ids[f"b{scene['boy'].id}"]["priority"] == 1  # orphans are class 1
    assert ids[f"b{scene['brother'].id}"]["priority"] == 6
    assert (ids[f"b{scene['boy'].id}"]["lat"], ids[f"b{scene['boy'].id}"]["lon"]) == (27.31, 111.81)  # the village's
    vols = {v["id"]: v for v in doc["volunteers"]}
    assert vols[f"v{scene['bo'].id}"]["capacity"] == 2 and vols[f"v{scene['bo'].id}"]["max_km"] == 10


def test_plugin_rules_reach_the_engine(app, scene):
    county = scene["county"]
    kids = build_instance(services(app)["children.caring_pairing"], "volunteer", county["east"], {}).doc
    assert kids["rules"]["female_helper_for_girls_from_age"] == 8
    assert kids["rules"]["require_background_check"] is True
    assert kids["weights"]["unassigned"]["1"] > kids["weights"]["unassigned"]["6"]
    elders = build_instance(services(app)["elderly.daily_care"], "neighbour", county["east"], {}).doc
    assert elders["rules"]["max_km"] == 3.0 and elders["rules"]["female_helper_for_girls_from_age"] is None


@pytest.mark.commits
def test_deployment_settings_override_the_plugin(migrated, county, monkeypatch):
    monkeypatch.setenv("GUANAI_GROUP_SETTINGS", json.dumps({"elderly": {"matching": {"rules": {"max_km": 5}}}}))
    app = create_app({"SQLALCHEMY_DATABASE_URI": migrated, "SECRET_KEY": "t"})
    with app.app_context():
        doc = build_instance(app.extensions["guanai"].services["elderly.daily_care"], "neighbour",
                             db.session.merge(county["east"]), {}).doc
    assert doc["rules"]["max_km"] == 5


def committed(run, user=None):
    """Commit a run as the pages do: the service writes, the caller commits."""
    counts = commit_run(user, run)
    db.session.commit()
    return counts


def run_and_solve(app, county, user=None, params=None, service="children.caring_pairing"):
    run = create_run(user, services(app)[service], "volunteer", county["east"], params)
    execute_run(run.id)
    return db.session.get(MatchRun, run.id)


def active_pairings():
    return db.session.execute(select(Pairing).where(Pairing.status == "active")).scalars().all()


def test_commit_writes_pairings_and_loads_in_one_go(app, scene):
    county = scene["county"]
    run = run_and_solve(app, county, county["users"]["east"])
    assert run.status == "proposed"
    given = {a["beneficiary"]: a["volunteer"] for a in run.result["assignments"]}
    # the girl (10) must get the woman; her brother comes with her household; the orphan gets the man
    assert given[f"b{scene['girl'].id}"] == given[f"b{scene['brother'].id}"] == f"v{scene['ann'].id}"
    assert given[f"b{scene['boy'].id}"] == f"v{scene['bo'].id}"
    counts = committed(run, county["users"]["east"])
    assert counts == {"new": 3, "ended": 0, "kept": 0}
    pairings = active_pairings()
    assert len(pairings) == 3 and all(p.run_id == run.id for p in pairings)
    loads = dict(db.session.execute(select(VolunteerService.volunteer_id, VolunteerService.load)).all())
    assert loads == {scene["ann"].id: 1, scene["bo"].id: 1}  # the household takes one place
    assert db.session.get(MatchRun, run.id).committed_by_id == county["users"]["east"].id


def test_a_second_run_keeps_pairings_by_continuity(app, scene):
    county = scene["county"]
    committed(run_and_solve(app, county), None)
    again = run_and_solve(app, county)
    assert all(a["explain"]["continuity"] for a in again.result["assignments"])
    assert committed(again, None) == {"new": 0, "ended": 0, "kept": 3}
    assert len(active_pairings()) == 3


def test_overlapping_runs_second_commit_is_refused_and_writes_nothing(app, scene):
    county = scene["county"]
    first, second = run_and_solve(app, county), run_and_solve(app, county)
    committed(first, None)
    before = (len(active_pairings()), db.session.execute(select(func.sum(VolunteerService.load))).scalar_one())
    with pytest.raises(CommitRefused, match="没有空余名额|已被另一次匹配结对"):
        committed(db.session.get(MatchRun, second.id), None)
    after = (len(active_pairings()), db.session.execute(select(func.sum(VolunteerService.load))).scalar_one())
    assert before == after
    assert db.session.get(MatchRun, second.id).status == "proposed"


def test_a_run_commits_once(app, scene):
    run = run_and_solve(app, scene["county"])
    committed(run, None)
    with pytest.raises(CommitRefused, match="已经提交"):
        committed(db.session.get(MatchRun, run.id), None)


@pytest.mark.commits
def test_concurrent_commits_never_exceed_capacity(migrated, app, scene):
    """Two runs for different people want the same volunteer's only place, committed at the same moment."""
    county = scene["county"]
    db.session.delete(db.session.get(VolunteerService, scene["bo"].services[0].id))
    db.session.commit()
    one = run_and_solve(app, county, params={"forbidden": [[scene["boy"].id, scene["ann"].id]]})
    for p in ("girl", "brother"):
        scene[p].services = []
    scene["boy"].services = ["children.caring_pairing"]
    db.session.commit()
    two = run_and_solve(app, county)
    assert {a["volunteer"] for a in two.result["assignments"]} == {f"v{scene['ann'].id}"}
    outcomes = []

    def commit(run_id):
        try:
            committed(db.session.get(MatchRun, run_id), None)
            outcomes.append("ok")
        except CommitRefused:
            outcomes.append("refused")

    assert run_together(migrated, commit, [one.id, two.id]) == []
    db.session.expire_all()
    assert sorted(outcomes) == ["ok", "refused"]
    ann = db.session.execute(select(VolunteerService).filter_by(volunteer_id=scene["ann"].id)).scalar_one()
    assert ann.load == 1 <= ann.capacity


def test_coordinator_reviews_locks_and_commits_in_the_browser_flow(client, app, scene, login):
    county = scene["county"]
    login("east")
    response = client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                           "place_id": county["east"].id})
    page = client.get(response.location).get_data(as_text=True)
    run = db.session.execute(select(MatchRun)).scalar_one()
    assert "提交这些结对" in page and f"/runs/{run.id}/places/{county['v_east'].id}" in page
    village = client.get(f"/runs/{run.id}/places/{county['v_east'].id}").get_data(as_text=True)
    assert "小芳" in village and "安姐" in village and f'name="pair-{scene["boy"].id}-' in village
    locked = client.post(f"/runs/{run.id}/adjust", data={"action": "lock", "beneficiary": scene["boy"].id,
                                                         "volunteer": scene["bo"].id})
    child_run = db.session.execute(select(MatchRun).where(MatchRun.parent_id == run.id)).scalar_one()
    assert child_run.params["locked"] == [[scene["boy"].id, scene["bo"].id]]
    assert [f"b{scene['boy'].id}", f"v{scene['bo'].id}"] in child_run.instance["locked"]
    assert locked.location == f"/runs/{child_run.id}"
    done = client.post(f"/runs/{child_run.id}/commit", follow_redirects=True).get_data(as_text=True)
    assert "正在写入结对" in done and "由 east 于" in done  # handed to the queue (here: at once), then written
    assert db.session.get(MatchRun, child_run.id).status == "committed"
    assert len(active_pairings()) == 3


def test_unassigned_reasons_are_in_words(client, app, scene, login):
    scene["ann"].status = "paused"
    db.session.commit()
    login("east")
    response = client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                           "place_id": scene["county"]["east"].id})
    page = client.get(f"{response.location}/places/{scene['county']['v_east'].id}").get_data(as_text=True)
    assert "全部因女性帮扶规则被排除" in page  # the girl's household: only a man is left


def test_township_coordinator_cannot_run_or_see_another_township(client, app, scene, login):
    county = scene["county"]
    other = run_and_solve(app, county)
    login("west")
    assert client.get(f"/runs/{other.id}").status_code == 404
    assert client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer",
                                       "place_id": county["east"].id}).status_code == 200
    assert db.session.execute(select(func.count(MatchRun.id))).scalar_one() == 1
    login("kids")
    assert client.get("/runs/").status_code == 403


def test_volunteer_sees_accepts_and_declines(client, app, scene, login):
    county = scene["county"]
    vol_user = county["users"]["vol"]
    scene["ann"].user_id = vol_user.id
    db.session.commit()
    scene["girl"].id_number = "11010519491231002X"
    db.session.commit()
    committed(run_and_solve(app, county), None)
    login("vol")
    page = client.get("/me/pairings").get_data(as_text=True)
    assert "小芳" in page and "小军" in page and "小明" not in page
    assert "11010519491231002X" not in page and "110105" not in page and "已登记" in page
    mine = [p for p in active_pairings() if p.volunteer_id == scene["ann"].id]
    refused = client.post(f"/me/pairings/{mine[0].id}/answer", data={"answer": "decline", "note": ""},
                          follow_redirects=True)
    assert "请说明谢绝的原因" in refused.get_data(as_text=True)
    client.post(f"/me/pairings/{mine[0].id}/answer", data={"answer": "accept"})
    assert db.session.get(Pairing, mine[0].id).response == "accepted"
    client.post(f"/me/pairings/{mine[1].id}/answer", data={"answer": "decline", "note": "家里有事"})
    declined = db.session.get(Pairing, mine[1].id)
    assert (declined.status, declined.response_note) == ("declined", "家里有事")
    # the household still holds Ann's place through the accepted pairing; the next run may not re-propose her
    nxt = build_instance(services(app)["children.caring_pairing"], "volunteer", county["east"], {}).doc
    assert [f"b{declined.beneficiary_id}", f"v{scene['ann'].id}"] in nxt["forbidden"]
    assert client.get(f"/volunteers/{scene['bo'].id}").status_code == 404


def test_cli_gives_the_same_objective_as_the_engine(app, scene, tmp_path):
    runner = app.test_cli_runner()
    out = tmp_path / "instance.json"
    exported = runner.invoke(args=["match", "export", "--service", "children.caring_pairing", "--place", "T1", "-o", str(out)])
    assert exported.exit_code == 0, exported.output
    solved = subprocess.run([sys.executable, "-m", "matching", "solve", str(out)], capture_output=True, text=True)
    objective = json.loads(solved.stdout)["objective"]
    ran = runner.invoke(args=["match", "run", "--service", "children.caring_pairing", "--place", "T1", "--commit"])
    assert ran.exit_code == 0, ran.output
    assert f"objective {objective:.6f}" in ran.output
    assert "coverage: 3 of 3 paired" in ran.output and "committed: 3 new" in ran.output


def test_cli_names_bad_options(app, scene):
    result = app.test_cli_runner().invoke(args=["match", "run", "--service", "x", "--place", "nowhere"])
    assert result.exit_code == 2
    assert "--service: unknown pairing service 'x'" in result.output
    assert "--place: no place has the code 'nowhere'" in result.output


def test_a_run_is_reproducible_from_what_it_stored(app, scene):
    from matching import solve
    run = run_and_solve(app, scene["county"])
    again = solve(run.instance)
    assert again.objective == pytest.approx(run.objective, abs=1e-9)
    assert again.volunteer_of() == {a["beneficiary"]: a["volunteer"] for a in run.result["assignments"]}


def test_run_creation_and_each_lock_or_forbid_are_audited(client, app, scene, login):
    from portal.core.audit import AuditEntry
    county = scene["county"]
    login("east")
    client.post("/runs/", data={"service": "children.caring_pairing", "role": "volunteer", "place_id": county["east"].id})
    run = db.session.execute(select(MatchRun)).scalar_one()
    pair = {"beneficiary": scene["boy"].id, "volunteer": scene["bo"].id}
    client.post(f"/runs/{run.id}/adjust", data={"action": "forbid", **pair})
    entries = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "match_run")
                                 .order_by(AuditEntry.id)).scalars().all()
    assert [e.action for e in entries] == ["create", "forbid", "create"]
    forbid = entries[1]
    assert forbid.entity_id == run.id and forbid.before == {"locked": [], "forbidden": []}
    assert forbid.after["forbidden"] == [[scene["boy"].id, scene["bo"].id]]
    assert forbid.user_id == county["users"]["east"].id


def test_a_person_paired_with_a_helper_outside_the_run_keeps_that_pairing_and_the_run_commits(app, scene):
    """A child whose caring family lives in the other township (or whose helper the run leaves out) already has the
    service: the run leaves the child be, so that its commit never writes a second active pairing (found on the
    demo county: every caring-family run of a township was refused)."""
    county = scene["county"]
    far = helper(county, "西乡阿姨", place="v_west", lat=27.5, lon=111.5)
    db.session.add(Pairing(beneficiary_id=scene["boy"].id, volunteer_id=far.id, service="children.caring_pairing",
                           role="volunteer", unit=f"b{scene['boy'].id}", status="active", started_on=date(2026, 1, 5)))
    db.session.commit()
    run = run_and_solve(app, county, county["users"]["east"])
    assert f"b{scene['boy'].id}" not in {a["beneficiary"] for a in run.result["assignments"]}
    assert {"beneficiary": scene["boy"].id, "reason": "paired_elsewhere"} in run.params["skipped"]
    assert committed(run, county["users"]["east"])["new"] == 2  # the girl and her brother (one household)
    boys = [p for p in active_pairings() if p.beneficiary_id == scene["boy"].id]
    assert [p.volunteer_id for p in boys] == [far.id]
