"""When helpers go (issue 27): a volunteer leaving, pausing or ended by a coordinator ends their pairings with the
reason and each person needs a new helper and is in the next run; a helper of minors whose background check is
pending or expired is flagged wherever the pairings are shown, left out of runs, and suspended after the grace
period (Minors Protection Law: criminal-record checks for people in close contact with minors; 004 pairs the
children of classes 1-3 with caring families)."""
from datetime import timedelta

from sqlalchemy import select

from portal.assignment.ending import counts, flagged_ids, needing_new_helper, sweep_check_flags
from portal.assignment.instance import build_instance
from portal.assignment.models import Pairing
from portal.core.audit import AuditEntry
from portal.core.time import local_today
from portal.extensions import db
from portal.plugin.manager import current_plugins
from portal.volunteers.leaving import change_own_status, end_service
from portal.volunteers.models import Volunteer, VolunteerService

from ..factories import add_person


def helper(county, name="徐文博", check="pending", checked_on=None, user=None, capacity=3,
           service="children.caring_pairing"):
    v = Volunteer(name=name, gender="M", phone="13800000000", kind="teacher", place_id=county["v_east"].id,
                  lat=27.31, lon=111.81, status="active", background_check=check, background_checked_on=checked_on,
                  user_id=user.id if user else None)
    v.services.append(VolunteerService(service=service, capacity=capacity))
    db.session.add(v)
    db.session.commit()
    return v


def paired(volunteer, person, service="children.caring_pairing", role="volunteer"):
    p = Pairing(service=service, role=role, beneficiary_id=person.id, volunteer_id=volunteer.id, unit=f"b{person.id}",
                status="active", response="accepted", started_on=local_today() - timedelta(days=40))
    db.session.add(p)
    db.session.execute(VolunteerService.__table__.update().where(
        VolunteerService.volunteer_id == volunteer.id, VolunteerService.service == service)
        .values(load=VolunteerService.load + 1))
    db.session.commit()
    return p


def children(county, n=3):
    return [add_person("children", county["v_east"], name=name, category="orphan",
                       services=["children.caring_pairing"])
            for name in ["小明", "小红", "小刚"][:n]]


def test_a_volunteer_leaving_ends_every_pairing_with_the_reason_and_the_people_need_a_new_helper(county):
    v = helper(county, check="passed", checked_on=local_today(), user=county["users"]["vol"])
    kids = children(county)
    for kid in kids:
        paired(v, kid)
    change_own_status(county["users"]["vol"], v, "left", "搬去外地")
    db.session.commit()
    rows = db.session.execute(select(Pairing).order_by(Pairing.id)).scalars().all()
    assert {(p.status, p.end_cause, p.ended_on) for p in rows} == {("ended", "left", local_today())}
    assert all("搬去外地" in p.end_reason for p in rows)
    assert db.session.execute(select(VolunteerService.load)).scalar_one() == 0  # the places are given back
    needs = db.session.execute(needing_new_helper(county["users"]["east"])).all()
    assert sorted(r[0] for r in needs) == sorted(k.id for k in kids)
    ended = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "pairing", AuditEntry.action == "end"))
    assert len(ended.scalars().all()) == 3


def test_the_people_whose_helper_left_are_in_the_next_run_and_a_new_pairing_clears_the_mark(county):
    gone = helper(county, name="走了的", check="passed", checked_on=local_today())
    kid = children(county, 1)[0]
    paired(gone, kid)
    end_service(county["users"]["east"], gone, "长期联系不上")
    db.session.commit()
    assert db.session.execute(select(Pairing.end_cause)).scalar_one() == "ended"  # a coordinator ended it
    newcomer = helper(county, name="新来的", check="passed", checked_on=local_today())
    service = current_plugins().services["children.caring_pairing"]
    doc = build_instance(service, "volunteer", county["root"], {}).doc
    assert [b["id"] for b in doc["beneficiaries"]] == [f"b{kid.id}"]
    assert "current_volunteer" not in doc["beneficiaries"][0]  # no helper holds them any more
    assert [v["id"] for v in doc["volunteers"]] == [f"v{newcomer.id}"]  # the one who left is out
    paired(newcomer, kid)
    assert db.session.execute(needing_new_helper(county["users"]["east"])).all() == []


def test_a_pending_check_flags_the_child_pairings_everywhere_and_runs_leave_the_helper_out(client, county, login):
    v = helper(county, check="pending", user=county["users"]["vol"])
    kids = children(county)
    pairings = [paired(v, kid) for kid in kids]
    assert flagged_ids([p.id for p in pairings]) == {p.id for p in pairings}
    assert counts(county["users"]["east"]) == {"needs": 0, "flagged": 3, "helpers": 1}
    assert counts(county["users"]["west"])["flagged"] == 0  # another township's coordinator
    service = current_plugins().services["children.caring_pairing"]
    doc = build_instance(service, "volunteer", county["root"], {}).doc
    assert doc["rules"]["require_background_check"] is True
    assert [v_["background_checked"] for v_ in doc["volunteers"]] == [False]  # the engine's hard rule keeps them out
    login("east")
    dashboard = client.get("/").get_data(as_text=True)
    assert 'id="flagged-count">3<' in dashboard
    listing = client.get("/pairings/?show=flagged").get_data(as_text=True)
    assert listing.count('class="flagged"') == 3 and "审查中" in listing
    person = client.get(f"/g/children/{kids[0].id}").get_data(as_text=True)
    assert "flagged" in person and "背景审查" in person
    login("vol")
    mine = client.get("/me/").get_data(as_text=True)
    assert 'id="flagged-pairings"' in mine and "无犯罪记录证明" in mine
    assert client.get("/me/pairings").get_data(as_text=True).count("flash error flagged") == 3


def test_an_expired_check_flags_too_and_a_renewed_one_clears_the_flag(county):
    v = helper(county, check="passed", checked_on=local_today() - timedelta(days=400))
    p = paired(v, children(county, 1)[0])
    assert flagged_ids([p.id]) == {p.id}
    assert sweep_check_flags()["flagged"] == 1
    db.session.commit()
    v.background_checked_on = local_today()
    db.session.commit()
    assert flagged_ids([p.id]) == set()
    assert sweep_check_flags()["cleared"] == 1
    db.session.commit()
    assert db.session.get(Pairing, p.id).check_flagged_on is None


def test_after_the_grace_period_the_sweep_suspends_the_pairings_and_tells_once(app, county):
    from portal.notifications.models import Notification
    app.config["GUANAI_CHECK_GRACE_DAYS"] = 10
    v = helper(county, check="pending", user=county["users"]["vol"])
    kids = children(county, 2)
    for kid in kids:
        paired(v, kid)
    first = local_today() - timedelta(days=11)
    assert sweep_check_flags(today=first) == {"flagged": 2, "cleared": 0, "suspended": 0}
    db.session.commit()
    assert sweep_check_flags(today=first)["flagged"] == 0  # remembered: told once
    db.session.commit()
    assert sweep_check_flags()["suspended"] == 2
    db.session.commit()
    rows = db.session.execute(select(Pairing)).scalars().all()
    assert {(p.status, p.end_cause) for p in rows} == {("suspended", "check")}
    assert db.session.execute(select(VolunteerService.load)).scalar_one() == 0
    kinds = sorted(n.kind for n in db.session.execute(select(Notification).where(
        Notification.user_id == county["users"]["vol"].id)).scalars())
    assert kinds == ["pairings_flagged", "pairings_suspended"]
    ended = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "pairing", AuditEntry.action == "end")
                               ).scalars().all()
    assert sorted(e.entity_id for e in ended) == sorted(p.id for p in rows)
    assert all(e.after["end_cause"] == "check" and e.user_id is None for e in ended)
    needs = db.session.execute(needing_new_helper(county["users"]["coord"])).all()
    assert len(needs) == 2


def test_the_pairing_list_shows_the_people_who_need_a_new_helper(client, county, login):
    v = helper(county, check="passed", checked_on=local_today(), user=county["users"]["vol"])
    kid = children(county, 1)[0]
    paired(v, kid)
    login("vol")
    client.post("/me/status/left", data={"reason": "工作调动"})
    login("east")
    page = client.get("/pairings/?show=needs").get_data(as_text=True)
    assert kid.name in page and "需要新的帮扶人" in page and "志愿者已退出" in page
    assert kid.name not in client.get("/pairings/").get_data(as_text=True)  # no longer an active pairing
    login("kids")  # the children's staff see them too
    assert kid.name in client.get("/pairings/?show=needs").get_data(as_text=True)
    login("vol")
    assert client.get("/pairings/").status_code == 403
