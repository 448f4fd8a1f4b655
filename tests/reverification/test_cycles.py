"""Re-verification cycles: opening per area, the checklist, progress per village and township, figures,
the ineligible list, reminders once, the dashboard widget, spot checks and the CLI."""
from datetime import date

import pytest
from sqlalchemy import select

from portal.core.time import local_today, utcnow
from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.plugin.manager import current_plugins
from portal.reverification.checklist import figures, mark_item, open_cycle, progress
from portal.reverification.models import Cycle, CycleItem, SpotCheck
from portal.reverification.periods import current_or_next, parse_period, period_of

from ..factories import add_person, make_place


def _people(county):
    a = add_person("children", county["v_east"], name="甲")
    b = add_person("children", county["v_east"], name="乙")
    c = add_person("children", county["v_west"], name="丙")
    gone = add_person("children", county["v_east"], name="丁", status="left")
    return a, b, c, gone


def test_periods_follow_the_seeds(app):
    with app.test_request_context():
        assert current_or_next("quarterly", date(2026, 11, 5)).period == "2026-12"
        assert current_or_next("census", date(2026, 10, 1)).period == "2027-03"
        assert current_or_next("pairing", date(2026, 3, 31)).due_on == date(2026, 3, 31)
        assert parse_period("census", "2026-04") is None
        assert parse_period("quarterly", "2026-06").due_on == date(2026, 6, 30)
        app.config["GUANAI_REVERIFY_MONTHS"] = {"census": [4, 10]}
        assert parse_period("census", "2026-04") is not None


def test_a_coordinator_opens_a_township_check_and_works_through_a_village(client, login, county):
    a, b, c, gone = _people(county)
    login("east")
    r = client.post("/reverify/open", data={"kind": "quarterly", "period": "2026-12", "place": county["east"].id})
    assert r.status_code == 302
    cycle = db.session.execute(select(Cycle)).scalar_one()
    ids = set(db.session.execute(select(CycleItem.beneficiary_id).where(CycleItem.cycle_id == cycle.id)).scalars())
    assert ids == {a.id, b.id}  # active people of the township only
    page = client.get(f"/reverify/{cycle.id}/village/{county['v_east'].id}").get_data(as_text=True)
    assert "甲" in page and "乙" in page and "丙" not in page
    items = {i.beneficiary_id: i for i in db.session.execute(select(CycleItem)).scalars()}
    assert client.post(f"/reverify/items/{items[a.id].id}", data={"outcome": "confirmed"}).status_code == 302
    client.post(f"/reverify/items/{items[b.id].id}", data={"outcome": "left", "reason": "moved"})
    db.session.expire_all()
    assert db.session.get(Beneficiary, b.id).status == "left"
    assert db.session.get(Beneficiary, b.id).left_reason == "moved"
    page = client.get(f"/reverify/{cycle.id}").get_data(as_text=True)
    assert "2 / 2" in page and "东村" in page
    rows = progress(db.session.get(Cycle, cycle.id))
    assert [(r["place"].code, r["checked"], r["confirmed"], r["left"]) for r in rows] == [("V1", 2, 1, 1)]


def test_left_needs_a_reason_and_others_cannot_open_the_area(client, login, county):
    a, *_ = _people(county)
    login("east")
    client.post("/reverify/open", data={"kind": "census", "period": "2027-03", "place": county["east"].id})
    item = db.session.execute(select(CycleItem)).scalars().first()
    client.post(f"/reverify/items/{item.id}", data={"outcome": "left"})
    db.session.expire_all()
    assert db.session.get(CycleItem, item.id).outcome == "pending"
    login("west")
    assert client.get(f"/reverify/{item.cycle_id}").status_code == 404
    assert client.post(f"/reverify/items/{item.id}", data={"outcome": "confirmed"}).status_code == 404
    login("vol")
    assert client.get("/reverify/").status_code in (302, 403)


def test_a_period_outside_the_kinds_months_is_refused(client, login, county):
    login("east")
    client.post("/reverify/open", data={"kind": "census", "period": "2026-05", "place": county["east"].id})
    assert db.session.execute(select(Cycle)).first() is None


@pytest.mark.clock
def test_figures_count_checked_changed_left_late_and_spot_checked(app, county):
    a, b, c, _ = _people(county)
    with app.test_request_context():
        user = county["users"]["coord"]
        cycle = open_cycle(user, period_of("quarterly", 2026, 6), county["root"])
        db.session.flush()
        items = {i.beneficiary_id: i for i in db.session.execute(select(CycleItem)).scalars()}
        mark_item(user, items[a.id], "confirmed", day=date(2026, 6, 20))
        mark_item(user, items[b.id], "updated", day=date(2026, 7, 2))  # after the due date: late
        db.session.add(SpotCheck(cycle_id=cycle.id, beneficiary_id=c.id, result="flagged"))
        db.session.commit()
        f = figures(cycle, today=date(2026, 7, 10))
    assert f == {"people": 3, "checked": 2, "changed": 1, "left": 0, "late": 2, "spot_checked": 1, "flagged": 1}


def test_people_who_aged_out_leave_with_one_click(client, login, county):
    old = add_person("children", county["v_east"], name="成年", birth=date(2000, 1, 1))
    add_person("children", county["v_east"], name="小孩")
    login("east")
    client.post("/reverify/open", data={"kind": "quarterly", "period": "2026-12", "place": county["east"].id})
    cycle = db.session.execute(select(Cycle)).scalar_one()
    page = client.get(f"/reverify/{cycle.id}/ineligible").get_data(as_text=True)
    assert "成年" in page  # (the child without a profile is listed too: parents not recorded as away)
    item = db.session.execute(select(CycleItem).where(CycleItem.beneficiary_id == old.id)).scalar_one()
    client.post(f"/reverify/items/{item.id}/leave")
    db.session.expire_all()
    person = db.session.get(Beneficiary, old.id)
    assert (person.status, person.left_reason) == ("left", "aged_out")
    assert db.session.get(CycleItem, item.id).outcome == "left"


@pytest.mark.clock
def test_reminders_are_sent_once_and_the_dashboard_shows_an_overdue_cycle(app, client, login, county):
    _people(county)
    calls = []

    class Listener:
        from portal.hookspecs import hookimpl

        @hookimpl
        def guanai_on_cycle_overdue(self, user, cycle, pending, days_overdue):
            calls.append(("overdue", user.username, pending))

        @hookimpl
        def guanai_on_cycle_due_soon(self, user, cycle, pending, due_on):
            calls.append(("due_soon", user.username, pending))

    current_plugins().pm.register(Listener())
    today = local_today()
    past = period_of("quarterly", 2020, 3)
    open_cycle(county["users"]["east"], past, county["east"])
    db.session.commit()
    send = __import__("portal.reverification.reminders", fromlist=["x"]).send_cycle_reminders
    assert send(utcnow()) == {"due_soon": 0, "overdue": 2}  # the township's coordinator and the county's
    assert send(utcnow()) == {"due_soon": 0, "overdue": 0}
    assert sorted(calls) == [("overdue", "coord", 2), ("overdue", "east", 2)]
    assert today > past.due_on
    login("east")
    page = client.get("/").get_data(as_text=True)
    assert "overdue-cycles" in page and "2020-03" in page


def test_spot_checks_draw_at_random_and_keep_results(client, login, county):
    _people(county)
    login("coord")
    client.post("/reverify/open", data={"kind": "spot", "period": "2026-08", "place": county["root"].id})
    cycle = db.session.execute(select(Cycle)).scalar_one()
    client.post(f"/reverify/{cycle.id}/spot", data={"size": "2"})
    client.post(f"/reverify/{cycle.id}/spot", data={"size": "5"})  # only one left to draw
    checks = db.session.execute(select(SpotCheck)).scalars().all()
    assert len(checks) == 3 and len({c.beneficiary_id for c in checks}) == 3
    client.post(f"/reverify/spot/{checks[0].id}", data={"result": "flagged", "note": "地址不符"})
    db.session.expire_all()
    assert db.session.get(SpotCheck, checks[0].id).result == "flagged"
    assert client.post(f"/reverify/{cycle.id}/spot", data={"size": "0"}).status_code == 302
    assert len(db.session.execute(select(SpotCheck)).scalars().all()) == 3


def test_grids_count_in_their_village_in_code_order(app, county):
    grid = make_place("V1-1", "一组", "grid", county["v_east"])
    v0 = make_place("V0", "零村", "village", county["east"])
    add_person("children", grid, name="网格")
    add_person("children", v0, name="零")
    add_person("children", county["v_east"], name="村")
    with app.test_request_context():
        cycle = open_cycle(None, period_of("quarterly", 2026, 12), county["east"])
        db.session.commit()
        rows = progress(cycle)
    assert [(r["place"].code, r["total"]) for r in rows] == [("V0", 1), ("V1", 2)]


def test_the_cli_opens_a_cycle_and_names_each_problem(app, county):
    _people(county)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["reverify", "open", "census", "2026-04", "NOPE"])
    assert result.exit_code == 2
    assert "period:" in result.output and "place:" in result.output
    result = runner.invoke(args=["reverify", "open", "census", "2027-03", "T1"])
    assert result.exit_code == 0, result.output
    assert db.session.execute(select(Cycle)).scalar_one().place_id == county["east"].id
    assert runner.invoke(args=["reverify", "remind"]).exit_code == 0


def test_an_overdue_check_reaches_the_coordinators_bell_once(app, client, login, county):
    from portal.notifications.models import Notification
    from portal.reverification.hooks import remind_now
    _people(county)
    open_cycle(county["users"]["east"], period_of("quarterly", 2020, 3), county["east"])
    db.session.commit()
    remind_now()
    remind_now()  # the scheduler may run it twice: nobody is told twice
    told = db.session.execute(select(Notification.user_id).where(Notification.kind == "cycle_overdue")).scalars().all()
    assert sorted(told) == sorted([county["users"]["east"].id, county["users"]["coord"].id])
    login("east")
    assert "2020-03" in client.get("/notifications/").get_data(as_text=True)
    tasks = {t.name: t for ts in app.extensions["guanai"].hook.guanai_get_tasks() for t in ts}
    assert tasks["reverification.remind"].period == "day"
