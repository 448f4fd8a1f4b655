"""``guanai incidents open`` and ``escalate``, and the figures the reports take."""
from datetime import date, timedelta

import pytest

from portal.core.time import utcnow
from portal.extensions import db
from portal.incidents.figures import incidents_per_type_place_month, step_times
from portal.incidents.reporting import close_incident, record_step

from ..factories import add_person
from .conftest import T0, open_emergency


@pytest.mark.clock
def test_open_lists_open_incidents_with_their_overdue_steps(app, county, child):
    west_child = add_person("children", county["v_west"], name="王小明")
    east = open_emergency(county, child, by="east")
    west = open_emergency(county, west_child, by="west", at=utcnow())
    done = open_emergency(county, child, by="east")
    close_incident(None, done, outcome="已处理", not_needed={s.id: "已由他人报告" for s in done.steps})
    db.session.commit()
    out = app.test_cli_runner().invoke(args=["incidents", "open"])
    assert out.exit_code == 0
    assert f"#{east.id}\t" in out.output and f"#{west.id}\t" in out.output and f"#{done.id}\t" not in out.output
    assert out.output.count("overdue: ") == 3  # the east one, opened long ago; the west one is on time
    assert "2 open incident(s)" in out.output
    only_west = app.test_cli_runner().invoke(args=["incidents", "open", "--place", "T2"])
    assert f"#{west.id}\t" in only_west.output and f"#{east.id}\t" not in only_west.output


def test_open_refuses_an_unknown_place(app, county):
    out = app.test_cli_runner().invoke(args=["incidents", "open", "--place", "NOPE"])
    assert out.exit_code == 2 and "--place: no place has the code 'NOPE'" in out.output


def test_escalate_runs_the_sweep_once(app, county, child):
    open_emergency(county, child)  # long past every deadline
    first = app.test_cli_runner().invoke(args=["incidents", "escalate"])
    second = app.test_cli_runner().invoke(args=["incidents", "escalate"])
    assert "6 escalation(s)" in first.output and "0 escalation(s)" in second.output


@pytest.mark.clock
def test_figures_per_type_place_and_month_and_times_to_each_step(county, child):
    elder = add_person("elderly", county["v_west"], name="赵奶奶", birth=date(1940, 1, 1))
    vol = county["users"]["vol"]
    for minutes in (5, 10, 40):  # superiors told after 5, 10 and 40 minutes: two on time, the worst 40
        incident = open_emergency(county, child)
        record_step(vol, incident.steps[0], told_whom="村委会", means="phone", now=T0 + timedelta(minutes=minutes))
    from portal.incidents.reporting import open_incident
    from portal.incidents.types import type_of
    open_incident(None, elder, type_of("elderly.crisis"), what="走失", now=T0 + timedelta(days=40))
    db.session.commit()
    counts = incidents_per_type_place_month()
    assert {"type": "children.emergency", "place_id": county["v_east"].id, "year": 2026, "month": 12,
            "count": 3} in counts
    assert {"type": "elderly.crisis", "place_id": county["v_west"].id, "year": 2027, "month": 1, "count": 1} in counts
    times = step_times()
    assert times == [{"type": "children.emergency", "step": "superiors", "done": 3, "median_minutes": 10.0,
                      "worst_minutes": 40, "on_time_share": 2 / 3}]
    assert incidents_per_type_place_month(county["users"]["west"]) == [counts[-1]]
    assert incidents_per_type_place_month(start=T0 + timedelta(days=1)) == [counts[-1]]


def test_the_month_is_the_local_one(county, child):
    """Late on 31 December in UTC is already 1 January where the portal is used (Asia/Shanghai)."""
    from datetime import datetime
    open_emergency(county, child, at=datetime(2026, 12, 31, 20, 0))
    assert [(r["year"], r["month"]) for r in incidents_per_type_place_month()] == [(2027, 1)]


@pytest.mark.clock
def test_the_report_has_an_incidents_section_in_the_users_view(county, child):
    from portal.reports.build import build_report, report_area
    from portal.reports.period import Period
    west_child = add_person("children", county["v_west"], name="王小明")
    incident = open_emergency(county, child)
    record_step(county["users"]["vol"], incident.steps[0], told_whom="村委会", means="phone", now=T0 + timedelta(minutes=20))
    open_emergency(county, west_child)
    db.session.commit()

    def tables(username):
        user = county["users"][username]
        report = build_report(Period(2026, 4), user, report_area(user))
        section = next(s for s in report.sections if s.key == "incidents")
        return {t.key: t for t in section.tables}

    county_wide = tables("coord")
    assert county_wide["incident-types"].rows == [["儿童突发事件", 2, 0]]
    assert county_wide["incident-steps"].rows == [["儿童突发事件 · 报告上级", 1, 20.0, 20, 0.0]]
    assert tables("west")["incident-types"].rows == [["儿童突发事件", 1, 0]]
    assert tables("west")["incident-steps"].rows == []
    earlier = build_report(Period(2026, 3), county["users"]["coord"], county["root"])
    assert next(s for s in earlier.sections if s.key == "incidents").tables[0].rows == []  # another quarter
