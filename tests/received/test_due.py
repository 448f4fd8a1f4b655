"""Who is due each periodic service, in SQL on both databases: health checks every six months and the birthday
(002), the two-cancer screening yearly (002), the puberty class from grade 5 (003); one by one, on the CLI."""
from datetime import date, timedelta

from sqlalchemy import select

from portal.core.time import local_today
from portal.extensions import db
from portal.received.due import due_services, person_services
from portal.received.models import ServiceRecord

from ..factories import add_person
from ..paging import assert_paged


def _received(person, service, days_ago):
    db.session.add(ServiceRecord(beneficiary_id=person.id, service=service, day=local_today() - timedelta(days=days_ago)))
    db.session.commit()


def _admin(county):
    return county["users"]["admin"]


def test_a_health_check_is_due_six_months_after_the_last_and_never_given_is_due_now(app, county):
    old = add_person("elderly", county["v_east"], name="七个月前", birth=date(1950, 3, 1))
    recent = add_person("elderly", county["v_east"], name="两个月前", birth=date(1950, 3, 1))
    never = add_person("elderly", county["v_east"], name="从未体检", birth=date(1950, 3, 1))
    _received(old, "elderly.health_check", 213)
    _received(recent, "elderly.health_check", 60)
    rows = {r.name: r for r in due_services(_admin(county), service="elderly.health_check")}
    assert set(rows) == {"七个月前", "从未体检"}
    assert rows["七个月前"].days_overdue(local_today()) > 0 and rows["七个月前"].last == local_today() - timedelta(days=213)
    assert rows["从未体检"].last is None and rows["从未体检"].due <= local_today()
    overdue = {r.name for r in due_services(_admin(county), service="elderly.health_check", overdue=True)}
    assert overdue == {"七个月前"}  # entered today: due, not yet overdue
    assert never.id in {r.person_id for r in due_services(_admin(county))}


def test_a_deployment_changes_the_period_or_switches_a_service_off(app, county):
    person = add_person("elderly", county["v_east"], name="四个月前", birth=date(1950, 3, 1))
    _received(person, "elderly.health_check", 120)
    assert not due_services(_admin(county), service="elderly.health_check")
    app.extensions["guanai"]._settings["elderly"]["periodic"] = {"health_check": 3, "birthday": False}
    assert [r.name for r in due_services(_admin(county), service="elderly.health_check")] == ["四个月前"]
    assert not due_services(_admin(county), service="elderly.birthday")


def test_the_birthday_is_due_on_the_day_until_marked(app, county):
    today = local_today()
    soon = today + timedelta(days=10)
    person = add_person("elderly", county["v_east"], name="寿星", birth=date(1946, soon.month, min(soon.day, 28)))
    rows = due_services(_admin(county), service="elderly.birthday")
    assert [r.name for r in rows] == ["寿星"] and rows[0].due.month == soon.month
    _received(person, "elderly.birthday", 0)  # celebrated a little early: counts for this year's
    assert not due_services(_admin(county), service="elderly.birthday")


def test_the_puberty_class_is_for_grade_five_and_above(app, county):
    from plugins.children.models import ChildProfile
    five = add_person("children", county["v_east"], name="五年级", birth=date(2015, 1, 1))
    three = add_person("children", county["v_east"], name="三年级", birth=date(2017, 1, 1))
    db.session.add_all([ChildProfile(beneficiary_id=five.id, grade_class="5年级2班"),
                        ChildProfile(beneficiary_id=three.id, grade_class="3年级")])
    db.session.commit()
    names = {r.name for r in due_services(_admin(county), service="children.puberty_class")}
    assert names == {"五年级"}
    assert {r.name for r in due_services(_admin(county), service="children.health_check")} == {"五年级", "三年级"}


def test_the_due_list_is_scoped_for_every_role(client, login, county):
    east = add_person("elderly", county["v_east"], name="东村老人", birth=date(1950, 3, 1))
    add_person("elderly", county["v_west"], name="西村老人", birth=date(1950, 3, 1))
    add_person("women", county["v_east"], name="东村妇女", birth=date(1985, 3, 1))
    expected = {"admin": {"东村老人", "西村老人", "东村妇女"}, "coord": {"东村老人", "西村老人", "东村妇女"},
                "east": {"东村老人", "东村妇女"}, "west": {"西村老人"}, "elders": {"东村老人", "西村老人"}}
    for user, names in expected.items():
        login(user)
        page = client.get("/services/due").get_data(as_text=True)
        shown = {n for n in ("东村老人", "西村老人", "东村妇女") if n in page}
        assert shown == names, user
    login("vol")
    assert client.get("/services/due").status_code == 403
    login("east")
    csv_text = client.get("/services/due?format=csv&service=elderly.health_check").get_data(as_text=True)
    assert "东村老人" in csv_text and "东村妇女" not in csv_text and "上次接受" in csv_text
    assert str(east.id) in csv_text


def test_one_by_one_refuses_a_future_day_or_one_before_birth_naming_the_field(client, login, county):
    person = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1950, 3, 1))
    login("elders")
    future = (local_today() + timedelta(days=1)).isoformat()
    page = client.post(f"/services/person/{person.id}/record", data={"service": "elderly.health_check", "day": future},
                       follow_redirects=True).get_data(as_text=True)
    assert "日期：日期不能晚于今天。" in page
    page = client.post(f"/services/person/{person.id}/record", data={"service": "elderly.health_check",
                                                                     "day": "1949-01-01"},
                       follow_redirects=True).get_data(as_text=True)
    assert "日期不能早于本人出生日期" in page
    assert not db.session.execute(select(ServiceRecord)).scalars().all()
    client.post(f"/services/person/{person.id}/record", data={"service": "elderly.health_check",
                                                              "day": local_today().isoformat()})
    assert db.session.execute(select(ServiceRecord)).scalar_one().service == "elderly.health_check"
    owed = {s.key: (last, due) for s, last, due in person_services(person)}
    assert owed["elderly.health_check"][0] == local_today()
    login("kids")
    assert client.post(f"/services/person/{person.id}/record", data={"service": "elderly.health_check",
                                                                     "day": local_today().isoformat()}).status_code == 404


def test_the_cli_lists_one_line_per_person_and_service(app, county):
    old = add_person("elderly", county["v_east"], name="七个月前", birth=date(1950, 3, 1))
    _received(old, "elderly.health_check", 213)
    add_person("elderly", county["v_west"], name="西村老人", birth=date(1950, 3, 1))
    runner = app.test_cli_runner()
    out = runner.invoke(args=["services", "due", "--service", "elderly.health_check", "--overdue", "--csv"]).output
    lines = out.strip().splitlines()
    assert lines[0] == "person_id,name,service,last_received,next_due,days_overdue"
    assert len(lines) == 2 and lines[1].startswith(f"{old.id},七个月前,elderly.health_check,")
    out = runner.invoke(args=["services", "due", "--place", "T2"]).output
    assert "西村老人" in out and "七个月前" not in out
    bad = runner.invoke(args=["services", "due", "--service", "elderly.nothing"])
    assert bad.exit_code == 2 and "service:" in bad.output


def test_the_due_list_as_csv_writes_names_as_text(client, login, county, app):
    """A name that starts like a formula comes out of the page's and the command's CSV neutral (issue 26)."""
    from tests.neutral import FORMULA_NAME, assert_neutral_csv
    add_person("elderly", county["v_east"], name=FORMULA_NAME, birth=date(1950, 3, 1))
    login("east")
    response = client.get("/services/due?format=csv&service=elderly.health_check")
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert_neutral_csv(response.data, FORMULA_NAME)
    out = app.test_cli_runner().invoke(args=["services", "due", "--service", "elderly.health_check", "--csv"])
    assert_neutral_csv(out.stdout.encode(), FORMULA_NAME)


def test_the_report_counts_who_received_each_periodic_service_in_the_period(client, login, county):
    from portal.received.report import periodic_section
    from portal.reports.context import Report
    from portal.reports.period import Period
    got = add_person("elderly", county["v_east"], name="体检过", birth=date(1950, 3, 1))
    add_person("elderly", county["v_east"], name="没体检", birth=date(1950, 3, 1))
    _received(got, "elderly.health_check", 0)
    report = Report(Period(local_today().year), county["users"]["admin"], county["root"])
    rows = {str(r[1]): r for r in periodic_section(report).tables[0].rows}
    assert rows["半年一次免费体检"][2:4] == [2, 1]
    login("coord")
    assert "定期服务" in client.get(f"/reports/?kind=annual&year={local_today().year}").get_data(as_text=True)


def test_the_due_page_is_one_page_read_by_the_database_with_a_pager_and_the_csv_has_everyone(client, login, county,
                                                                                               app, monkeypatch):
    """A county is due hundreds of thousands of services: the page shows one page of them (LIMIT/OFFSET, the
    total counted in SQL) with the pager; the CSV still gives every line."""
    names = [f"老人{i}" for i in range(5)]
    for name in names:
        add_person("elderly", county["v_east"], name=name, birth=date(1950, 3, 1))
    monkeypatch.setitem(app.config, "GUANAI_PAGE_SIZE", 2)
    login("east")
    asked = "/services/due?service=elderly.health_check"
    assert_paged(client, asked, names, 2, "共 5 行")
    assert "下一页" in client.get(f"{asked}&page=1").get_data(as_text=True)
    assert [n for n in names if f">{n}</a>" in client.get(f"{asked}&page=99").get_data(as_text=True)]  # the last
    csv_text = client.get(f"{asked}&format=csv").get_data(as_text=True)
    assert all(n in csv_text for n in names)
