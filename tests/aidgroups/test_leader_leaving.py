"""A leader who steps down (leaves, pauses, or is ended by a coordinator) stops leading: the leadership ends with
the reason (audited), the group is flagged as needing a new leader where coordinators see groups, the
coordinators are told, and the former leader can no longer open or report for the group. A person who leaves the
ledger leaves their group (001 篇十五: the groups are of people living in the village)."""
from datetime import date

from sqlalchemy import select

from portal.aidgroups.forming import commit_run, params_of, start_run
from portal.aidgroups.models import AidGroup, AidGroupMember, GroupReport
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db
from portal.ledger.records import leave_record
from portal.notifications.models import Notification
from portal.volunteers.leaving import end_service


def _formed(county, elders):
    run = start_run(None, "elderly", county["v_east"], params_of())
    commit_run(None, run)
    db.session.commit()
    return db.session.execute(select(AidGroup).where(AidGroup.leader_id == elders["leaders"][0].id)).scalar_one()


def test_a_leader_who_leaves_sees_the_group_in_the_preview_then_no_longer_leads_it(client, login, county, elders):
    group = _formed(county, elders)
    person = group.members[0].beneficiary
    login("leader")
    preview = client.get("/me/status/left").get_data(as_text=True)
    assert "东村" in preview  # what ends (the group of 东村) is shown before confirming
    assert client.post("/me/status/left", data={"reason": "外出打工"}).status_code == 302
    db.session.expire_all()
    group = db.session.get(AidGroup, group.id)
    assert group.status == "active" and group.leader_ended_on == local_today()
    assert "外出打工" in group.leader_end_reason and group.needs_leader
    audit = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "aid_group", AuditEntry.entity_id == group.id,
                                                      AuditEntry.action == "end_leader")).scalar_one()
    assert "外出打工" in str(audit.after)
    # The former leader: no page, no report, no meeting, no navigation.
    assert person.name not in client.get("/aidgroups/mine").get_data(as_text=True)
    assert client.get(f"/aidgroups/{group.id}").status_code == 404
    assert client.post(f"/aidgroups/{group.id}/report", data={"person": person.id, "kind": "ill"}).status_code == 404
    assert client.post(f"/aidgroups/{group.id}/meetings", data={"held_on": local_today().isoformat()}).status_code == 404
    assert db.session.execute(select(GroupReport)).first() is None
    assert "我的互助组" not in client.get("/me/").get_data(as_text=True)
    # The coordinators and the group's staff of the area are told, once each.
    told = db.session.execute(select(Notification).where(Notification.kind == "aidgroup_leader_left")).scalars().all()
    assert sorted(n.user.username for n in told) == ["coord", "east", "elders"]
    assert "李组长" in told[0].params["text"] and "外出打工" in told[0].params["text"]
    # Where the coordinator sees the groups, the group asks for a new leader.
    login("east")
    page = client.get("/aidgroups/").get_data(as_text=True)
    assert "需要新组长" in page
    assert "需要新组长" in client.get(f"/aidgroups/{group.id}").get_data(as_text=True)


def test_a_coordinator_ending_a_leaders_service_ends_the_leadership_and_the_other_group_stays(county, elders):
    group = _formed(county, elders)
    other = db.session.execute(select(AidGroup).where(AidGroup.id != group.id)).scalar_one()
    end_service(county["users"]["east"], elders["leaders"][0], "多次未履职")
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(AidGroup, group.id).leader_end_reason.endswith("多次未履职")
    assert not db.session.get(AidGroup, other.id).needs_leader
    # The members stay in the group until the next forming run gives them a new leader.
    assert len(db.session.get(AidGroup, group.id).members) > 0


def test_the_next_forming_run_gives_a_leaderless_groups_members_a_new_leader(county, elders):
    group = _formed(county, elders)
    end_service(county["users"]["east"], elders["leaders"][0], "搬走了")
    db.session.commit()
    run = start_run(None, "elderly", county["v_east"], params_of())
    assert {g["leader"] for g in run.proposal["groups"]} == {elders["leaders"][1].id}
    commit_run(None, run)
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(AidGroup, group.id).status == "dissolved"
    live = db.session.execute(select(AidGroup).where(AidGroup.status == "active")).scalars().all()
    assert [g.leader_id for g in live] == [elders["leaders"][1].id] and not live[0].needs_leader


def test_a_paused_leader_cannot_report_either(client, login, county, elders):
    group = _formed(county, elders)
    login("leader")
    client.post("/me/status/paused", data={"reason": "住院"})
    person = group.members[0].beneficiary
    assert client.post(f"/aidgroups/{group.id}/report", data={"person": person.id, "kind": "ill"}).status_code == 404
    db.session.expire_all()
    assert db.session.get(AidGroup, group.id).needs_leader


def test_a_member_who_leaves_the_ledger_leaves_the_group_with_the_reason(client, login, county, elders):
    group = _formed(county, elders)
    person = group.members[0].beneficiary
    leave_record(county["users"]["east"], person, "deceased", date.today())
    db.session.commit()
    db.session.expire_all()
    row = db.session.execute(select(AidGroupMember).where(AidGroupMember.beneficiary_id == person.id)).scalar_one()
    assert row.left_on == date.today()
    assert person.id not in {m.beneficiary_id for m in db.session.get(AidGroup, group.id).members}
    assert db.session.execute(select(AuditEntry).where(AuditEntry.entity == "aid_group", AuditEntry.entity_id == group.id,
                                                     AuditEntry.action == "member_left")).scalar_one()
    login("leader")
    assert person.name not in client.get("/aidgroups/mine").get_data(as_text=True)


def test_a_leader_who_comes_back_and_is_chosen_again_leads_the_same_group_again(county, elders):
    from portal.volunteers.leaving import change_status
    group = _formed(county, elders)
    lead = elders["leaders"][0]
    change_status(None, lead, "paused", "农忙")
    db.session.commit()
    change_status(None, lead, "active")
    db.session.commit()
    assert db.session.get(AidGroup, group.id).needs_leader  # coming back alone does not make them lead again
    run = start_run(None, "elderly", county["v_east"], params_of())
    commit_run(None, run)
    db.session.commit()
    db.session.expire_all()
    again = db.session.get(AidGroup, group.id)
    assert again.status == "active" and not again.needs_leader and again.leader_id == lead.id
