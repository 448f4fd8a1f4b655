"""The leader's phone page: members with phones and addresses, a report that tells the cadres at once and may
open an incident, meetings recorded; the printed group card (001 篇十五)."""
from datetime import timedelta

from sqlalchemy import select

from portal.aidgroups.forming import commit_run, params_of, start_run
from portal.aidgroups.models import AidGroup, GroupMeeting, GroupReport
from portal.core.time import local_today
from portal.extensions import db
from portal.incidents.models import Incident
from portal.notifications.models import Notification


def _formed(county, elders):
    run = start_run(None, "elderly", county["v_east"], params_of())
    commit_run(None, run)
    db.session.commit()
    return db.session.execute(select(AidGroup).where(AidGroup.leader_id == elders["leaders"][0].id)).scalar_one()


def test_the_leader_sees_their_members_with_phones_and_addresses(client, login, county, elders):
    group = _formed(county, elders)
    login("leader")
    page = client.get("/aidgroups/mine").get_data(as_text=True)
    first = group.members[0].beneficiary
    assert first.name in page and f'href="tel:{first.phone}"' in page and first.address in page
    other = db.session.execute(select(AidGroup).where(AidGroup.id != group.id)).scalar_one()
    assert other.members[0].beneficiary.name not in page
    assert "我的互助组" in client.get("/me/").get_data(as_text=True)  # the navigation leads a leader there


def test_a_report_tells_the_village_cadres_at_once_and_can_open_an_incident(client, login, county, elders):
    group = _formed(county, elders)
    person = group.members[0].beneficiary
    login("leader")
    reply = client.post(f"/aidgroups/{group.id}/report", data={"person": person.id, "kind": "fall",
                                                               "note": "在院子里摔倒", "incident": "1"})
    assert reply.status_code == 302
    row = db.session.execute(select(GroupReport)).scalar_one()
    assert (row.kind, row.beneficiary_id, row.told) == ("fall", person.id, 3)
    told = db.session.execute(select(Notification).where(Notification.kind == "aidgroup_report")).scalars().all()
    # The coordinators whose area holds the village (county, township) and the group's staff there.
    assert {n.user.username for n in told} == {"coord", "east", "elders"}
    assert person.name in told[0].params["text"] and "在院子里摔倒" in told[0].params["text"]
    incident = db.session.get(Incident, row.incident_id)
    assert incident.beneficiary_id == person.id and incident.type_key == "elderly.crisis"
    # A person of another group cannot be reported through this one.
    stranger = elders["far"]
    client.post(f"/aidgroups/{group.id}/report", data={"person": stranger.id, "kind": "ill"})
    assert db.session.execute(select(GroupReport)).scalars().all() == [row]


def test_meetings_are_recorded_with_who_came_and_not_in_the_future(client, login, county, elders):
    group = _formed(county, elders)
    ids = [m.beneficiary_id for m in group.members]
    login("leader")
    client.post(f"/aidgroups/{group.id}/meetings", data={"held_on": local_today().isoformat(), "topics": "冬季防火",
                                                         "present": ids[:2]})
    meeting = db.session.execute(select(GroupMeeting)).scalar_one()
    assert meeting.topics == "冬季防火" and sorted(a.beneficiary_id for a in meeting.attendance) == sorted(ids[:2])
    tomorrow = (local_today() + timedelta(days=1)).isoformat()
    client.post(f"/aidgroups/{group.id}/meetings", data={"held_on": tomorrow, "present": ids[:1]})
    client.post(f"/aidgroups/{group.id}/meetings", data={"held_on": local_today().isoformat(),
                                                         "present": [elders["far"].id]})
    assert db.session.execute(select(GroupMeeting)).scalars().all() == [meeting]
    login("elders")
    page = client.get(f"/aidgroups/{group.id}").get_data(as_text=True)
    assert "冬季防火" in page


def test_the_group_card_prints_the_leader_and_members_phones(client, login, county, elders):
    group = _formed(county, elders)
    person = group.members[0].beneficiary
    login("elders")
    page = client.get(f"/cards/person/{person.id}/elderly.aidgroup").get_data(as_text=True)
    assert "李组长" in page and "13811110001" in page and group.members[-1].beneficiary.name in page
    assert client.get(f"/cards/person/{elders['far'].id}/elderly.aidgroup").status_code == 200
