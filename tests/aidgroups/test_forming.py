"""Forming mutual-aid groups for a village by the engine, reviewed then committed (001 篇十五: 十人一联)."""
import json

import pytest
from sqlalchemy import func, select

from portal.aidgroups.forming import FormingRefused, commit_run, lock_group, move_member, params_of, rerun, start_run
from portal.aidgroups.models import AidGroup, AidGroupMember, FormingRun
from portal.extensions import db


def _run(county, user="elders", **params):
    from portal.auth.models import User
    actor = db.session.execute(select(User).filter_by(username=user)).scalar_one()
    run = start_run(actor, "elderly", county["v_east"], params_of(**params))
    db.session.commit()
    return actor, run


def test_a_village_is_formed_into_groups_near_their_leaders_and_the_far_one_is_left_out_with_the_reason(county, elders):
    _actor, run = _run(county)
    groups = run.proposal["groups"]
    assert len(groups) == 2 and {g["leader"] for g in groups} == {v.id for v in elders["leaders"]}
    members = [m for g in groups for m in g["members"]]
    assert sorted(m["id"] for m in members) == sorted(p.id for p in elders["people"])
    assert all(m["km"] <= 1.5 for m in members) and all(3 <= len(g["members"]) <= 12 for g in groups)
    (left,) = run.proposal["left_out"]
    assert left["id"] == elders["far"].id and left["reason"] == "no_leader_within_reach"
    assert "西村老人" not in json.dumps(run.proposal, ensure_ascii=False)  # another village's run
    assert run.stats["proof"]["components"] == 1 and run.stats["leaders"] == "suggested"


def test_commit_makes_todays_groups_and_a_second_run_keeps_them(county, elders):
    actor, run = _run(county)
    counts = commit_run(actor, run)
    db.session.commit()
    assert counts["created"] == 2 and counts["joined"] == 14
    before = dict(db.session.execute(select(AidGroupMember.beneficiary_id, AidGroupMember.aid_group_id)
                                     .where(AidGroupMember.left_on.is_(None))).all())
    _actor, again = _run(county)
    assert all(m["kept"] for g in again.proposal["groups"] for m in g["members"])  # today's groups are kept
    counts = commit_run(actor, again)
    db.session.commit()
    assert counts == {"created": 0, "kept": 2, "dissolved": 0, "joined": 0, "left": 0}
    after = dict(db.session.execute(select(AidGroupMember.beneficiary_id, AidGroupMember.aid_group_id)
                                    .where(AidGroupMember.left_on.is_(None))).all())
    assert after == before
    with pytest.raises(FormingRefused, match="该方案已不是待审核状态"):
        rerun(actor, again)


def test_a_member_is_moved_by_hand_a_group_locked_and_the_next_run_keeps_both(county, elders):
    actor, run = _run(county)
    a, b = run.proposal["groups"]
    person = a["members"][0]["id"]
    move_member(actor, run, person, b["leader"])
    lock_group(actor, run, b["leader"])
    rerun(actor, run)
    db.session.commit()
    b_after = next(g for g in run.proposal["groups"] if g["leader"] == b["leader"])
    assert person in [m["id"] for m in b_after["members"]] and b_after["locked"]
    assert sorted(m["id"] for m in b_after["members"]) == sorted([m["id"] for m in b["members"]] + [person])
    with pytest.raises(FormingRefused, match="已锁定"):
        move_member(actor, run, person, a["leader"])


def test_a_move_that_breaks_the_walking_distance_or_the_village_is_refused(county, elders):
    actor, run = _run(county)
    leader = run.proposal["groups"][0]["leader"]
    with pytest.raises(FormingRefused, match=r"距此人 5\.\d\d 公里，超过 1\.5 公里"):
        move_member(actor, run, elders["far"].id, leader)
    with pytest.raises(FormingRefused, match="此人不在该方案中"):
        move_member(actor, run, elders["west_person"].id, leader)
    with pytest.raises(FormingRefused, match="方案中没有该组长的组"):
        move_member(actor, run, elders["people"][0].id, elders["west"].id)


def test_too_few_people_for_the_minimum_is_said(county, elders):
    from portal.auth.models import User
    actor = db.session.execute(select(User).filter_by(username="elders")).scalar_one()
    with pytest.raises(FormingRefused, match="这里没有这一人群的人"):
        start_run(actor, "women", county["v_east"], params_of())


def test_the_command_forms_groups_writes_the_json_and_commits(app, county, elders, tmp_path):
    out = tmp_path / "groups.json"
    result = app.test_cli_runner().invoke(args=["groups", "form", "--group", "elderly", "--place", "V1",
                                                "--size", "7", "--max-km", "1.5", "--json", str(out), "--commit"])
    assert result.exit_code == 0, result.output
    assert "left out" in result.output and "committed" in result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["groups"]) == 2
    for g in doc["groups"]:
        assert {"id", "name", "lat", "lon"} <= set(g["leader"])
        for m in g["members"]:
            assert {"id", "lat", "lon", "distance_km"} <= set(m) and m["distance_km"] <= 1.5
    assert doc["left_out"][0]["reason"] == "no_leader_within_reach"
    assert db.session.execute(select(func.count(AidGroup.id))).scalar_one() == 2
    bad = app.test_cli_runner().invoke(args=["groups", "form", "--group", "elderly", "--place", "NOPE"])
    assert bad.exit_code == 2 and "no place has the code 'NOPE'" in bad.output
    bad = app.test_cli_runner().invoke(args=["groups", "form", "--group", "cats", "--place", "V1"])
    assert bad.exit_code == 2 and "unknown group 'cats'" in bad.output


def test_the_review_pages_move_lock_run_again_and_commit(client, login, county, elders):
    login("elders")
    page = client.post("/aidgroups/form", data={"group": "elderly", "place": county["v_east"].id, "size": "10",
                                                "max_km": "1.5"})
    assert page.status_code == 302
    run = db.session.execute(select(FormingRun)).scalar_one()
    html = client.get(f"/aidgroups/runs/{run.id}").get_data(as_text=True)
    assert "李组长" in html and "山上老人" in html and "<svg" in html
    assert "同村 1.5 公里内没有组长" in html  # the reason, in Chinese
    a, b = run.proposal["groups"]
    client.post(f"/aidgroups/runs/{run.id}/move", data={"person": a["members"][0]["id"], "leader": b["leader"]})
    client.post(f"/aidgroups/runs/{run.id}/lock", data={"leader": b["leader"], "locked": "1"})
    client.post(f"/aidgroups/runs/{run.id}/rerun")
    db.session.expire_all()
    assert next(g for g in run.proposal["groups"] if g["leader"] == b["leader"])["locked"]
    assert client.post(f"/aidgroups/runs/{run.id}/commit", data={"rhythm": "weekly"}).status_code == 302
    groups = db.session.execute(select(AidGroup)).scalars().all()
    assert len(groups) == 2 and {g.rhythm for g in groups} == {"weekly"}
    index = client.get("/aidgroups/").get_data(as_text=True)
    assert "李组长" in index and "张组长" in index


def test_every_list_is_scoped(client, login, county, elders):
    actor, run = _run(county)
    commit_run(actor, run)
    db.session.commit()
    group = db.session.execute(select(AidGroup)).scalars().first()
    login("west")  # a coordinator of the other township
    assert "李组长" not in client.get("/aidgroups/").get_data(as_text=True)
    assert client.get(f"/aidgroups/{group.id}").status_code == 404
    assert client.get(f"/aidgroups/runs/{run.id}").status_code == 404
    login("kids")  # another group's staff
    assert "李组长" not in client.get("/aidgroups/").get_data(as_text=True)
    assert client.get(f"/aidgroups/{group.id}").status_code == 404
    assert client.post("/aidgroups/form", data={"group": "elderly", "place": county["v_east"].id}).status_code == 404
    login("nonleader")  # a volunteer who leads no group
    assert client.get(f"/aidgroups/{group.id}").status_code == 404
    assert "老人0" not in client.get("/aidgroups/mine").get_data(as_text=True)
    member = group.members[0].beneficiary_id
    assert client.post(f"/aidgroups/{group.id}/report", data={"person": member, "kind": "ill"}).status_code == 404
    assert client.get(f"/aidgroups/runs/{run.id}").status_code == 403
    login("east")
    assert "李组长" in client.get("/aidgroups/").get_data(as_text=True)
    assert client.get(f"/aidgroups/{group.id}").status_code == 200
