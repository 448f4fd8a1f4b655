"""Emergencies reach people (issue 27): whom to call now as tap-to-call links, a missing child starting with
the police, one-tap steps with details later, no closing with a required step open (unless not needed, with a
reason), clocks that stop at the closing, escalation to the coordinators and the group's staff of the area and a
level up at once when nobody is there, urgent kinds by email and a plugin's SMS channel, and a coordinator
without an email address told so on their own page. Steps and deadlines: 000 (emergency), 004 (mandatory report)."""
from datetime import timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.extensions import db
from portal.hookspecs import hookimpl
from portal.incidents.clocks import clock_of
from portal.incidents.escalation import escalate_overdue_steps
from portal.incidents.models import Escalation
from portal.incidents.reporting import StepsOpen, close_incident, open_incident, record_step
from portal.incidents.types import type_of
from portal.notifications.models import Notification, NotificationSetting

from ..factories import add_person, password_hash
from .conftest import T0, open_emergency


def at(minutes):
    return T0 + timedelta(minutes=minutes)


def test_the_page_shows_whom_to_call_now_a_missing_child_starting_with_the_police(client, login, county, child):
    from portal.cards.contacts import save_contact
    save_contact(county["users"]["east"], county["v_east"], "cadre", "王村长", "13911112222")
    db.session.commit()
    missing = type_of("children.missing")
    assert missing.steps[0].code == "police" and missing.steps[0].call == "police" and missing.urgent
    incident = open_incident(county["users"]["east"], child, missing, what="放学后没有回家", now=at(0))
    db.session.commit()
    login("east")
    page = client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    calls = page.split('id="call-now"')[1].split("</section>")[0]
    numbers = [chunk.split('"')[0] for chunk in calls.split('href="tel:')[1:]]
    assert numbers[0] == "110"  # the police first
    assert {"110", "120", "12345", "12338", "13911112222"} <= set(numbers)
    assert "王村长" in calls
    assert "已拨打 110，记为完成" in page  # the first step is one tap


def test_a_step_is_done_with_one_tap_and_its_details_come_later(client, login, county, child):
    incident = open_incident(county["users"]["east"], child, type_of("children.missing"), what="走失")
    db.session.commit()
    police = incident.steps[0]
    login("east")
    done = client.post(f"/incidents/{incident.id}/steps/{police.id}/now", follow_redirects=True)
    text = done.get_data(as_text=True)
    assert "已记录" in text and "110" in text
    db.session.refresh(police)
    assert police.done_at is not None and police.means == "phone" and "110" in police.told_whom
    assert clock_of(police).stopped
    client.post(f"/incidents/{incident.id}/steps/{police.id}/details",
                data={f"d{police.id}-told_whom": "城关派出所 李警官", f"d{police.id}-means": "phone",
                      f"d{police.id}-note": "已出警"})
    db.session.refresh(police)
    assert (police.told_whom, police.note) == ("城关派出所 李警官", "已出警")
    assert client.post(f"/incidents/{incident.id}/steps/{police.id}/now").status_code == 302  # not twice
    db.session.refresh(police)
    assert police.told_whom == "城关派出所 李警官"


def test_no_closing_while_a_required_step_is_open_and_the_clocks_stop_when_it_closes(county, child):
    incident = open_emergency(county, child)
    record_step(county["users"]["vol"], incident.steps[0], told_whom="村委会", means="phone", now=at(5))
    db.session.commit()
    try:
        close_incident(county["users"]["east"], incident, outcome="已送医", now=at(20))
    except StepsOpen as refused:
        assert [s.code for s in refused.steps] == ["guardian", "parents"]
    else:
        raise AssertionError("closed with required steps open")
    try:
        close_incident(county["users"]["east"], incident, outcome="已送医", now=at(20),
                       not_needed={incident.steps[1].id: "监护人在场"})
    except StepsOpen as refused:
        assert [s.code for s in refused.steps] == ["parents"]  # every open step needs its own reason
    close_incident(county["users"]["east"], incident, outcome="已送医", now=at(20),
                   not_needed={s.id: "监护人在场，父母已赶回" for s in incident.steps[1:]})
    db.session.commit()
    parents = incident.steps[2]
    clock = clock_of(parents, now=at(500))
    assert clock.stopped and clock.state == "running" and clock.remaining == timedelta(minutes=40)
    assert escalate_overdue_steps(at(500)) == []


def test_steps_the_seeds_ask_only_sometimes_do_not_block_closing(county, child):
    dropout = type_of("children.dropout")
    assert [s.required for s in dropout.steps] == [True, True, False]  # a written report only if persuasion fails (002)
    incident = open_incident(county["users"]["east"], child, dropout, what="连续一周未到校", now=at(0))
    for step in incident.steps:
        if step.code != "written_report":
            record_step(county["users"]["east"], step, told_whom="班主任", means="in_person", now=at(10))
    close_incident(county["users"]["east"], incident, outcome="已劝返复学", now=at(20))
    db.session.commit()
    assert incident.status == "closed"


def test_escalation_tells_the_groups_staff_of_the_area_too(county, child):
    town_staff = User(username="east-kids", display_name="东乡儿童主任", role="staff", group="children",
                      place_id=county["east"].id, password_hash=password_hash())
    db.session.add(town_staff)
    db.session.commit()
    incident = open_emergency(county, child)
    escalate_overdue_steps(at(16))
    told = {n.user.username for n in db.session.execute(select(Notification).where(
        Notification.kind == "incident_step_overdue")).scalars()}
    assert told == {"east", "east-kids"}
    assert db.session.execute(select(Escalation.recipients)).scalar_one() == 2
    assert incident.steps[0].escalations[0].level == 1


def test_with_nobody_in_the_township_it_goes_up_at_once_and_the_page_says_so(client, login, county):
    west_child = add_person("children", county["v_west"], name="石小桥")
    db.session.delete(county["users"]["west"])  # a township without a coordinator, as 石桥乡 in the demo
    db.session.commit()
    incident = open_emergency(county, west_child, by="coord")
    escalate_overdue_steps(at(16))
    rows = db.session.execute(select(Escalation).order_by(Escalation.level)).scalars().all()
    assert [(r.level, r.place.code, r.recipients) for r in rows] == [(1, "T2", 0), (2, "C", 2)]
    told = sorted(n.user.username for n in db.session.execute(select(Notification).where(
        Notification.kind == "incident_step_overdue")).scalars())
    assert told == ["coord", "kids"]
    login("coord")
    page = client.get(f"/incidents/{incident.id}").get_data(as_text=True)
    assert "西乡无人可通知（通知0人" in page and "已立即上报至县级" in page


def test_an_urgent_incident_is_told_at_once_by_email_and_a_plugins_sms(app, county, child):
    from portal.notifications.delivery import deliver_pending
    sent = []

    class Sms:
        @hookimpl
        def guanai_deliver_notification(self, notification, user, channel):
            sent.append((user.username, notification.kind, channel))
            return True

    app.extensions["guanai"].pm.register(Sms(), name="sms-test")
    open_incident(county["users"]["vol"], child, type_of("children.mandatory_report"), what="独自在家多日")
    open_incident(county["users"]["east"], child, type_of("children.dropout"), what="未到校")  # not urgent
    db.session.commit()
    notes = db.session.execute(select(Notification).order_by(Notification.id)).scalars().all()
    assert sorted((n.user.username, n.kind, n.delivery) for n in notes) == [
        ("east", "incident_opened", "pending")]
    deliver_pending()
    assert sent == [("east", "incident_opened", "email")]


def test_a_coordinator_without_an_email_address_is_told_on_their_dashboard(client, login, county):
    login("east")
    assert 'id="no-email"' in client.get("/").get_data(as_text=True)
    db.session.add(NotificationSetting(user_id=county["users"]["east"].id, email="east@example.org"))
    db.session.commit()
    assert 'id="no-email"' not in client.get("/").get_data(as_text=True)
    login("vol")
    assert 'id="no-email"' not in client.get("/me/").get_data(as_text=True)
