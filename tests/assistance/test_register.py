"""The social-assistance register (003; 001 篇十七; 002): cases with state, dates, amount and who handled them,
the likely-eligible-and-not-applied list, counts in the reports, import and export, never seen by volunteers."""
import io
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import func, select

from portal.assistance.likely import likely_eligible
from portal.assistance.models import AssistanceCase
from portal.core.audit import AuditEntry
from portal.core.time import local_today, years_before
from portal.extensions import db

from ..factories import add_person
from ..paging import assert_paged


def _case(person, programme, state="paying", **kw):
    kw.setdefault("applied_on", local_today() - timedelta(days=60))
    kw.setdefault("approved_on", local_today() - timedelta(days=30) if state != "applied" else None)
    db.session.add(AssistanceCase(beneficiary_id=person.id, programme=programme, state=state, **kw))
    db.session.commit()


def test_an_80_year_old_with_no_old_age_allowance_is_listed_until_they_apply(app, county):
    admin = county["users"]["admin"]
    old = add_person("elderly", county["v_east"], name="八十老人", birth=years_before(local_today(), 81))
    add_person("elderly", county["v_east"], name="七十老人", birth=years_before(local_today(), 71))
    rows = [(r.name, r.programme) for r in likely_eligible(admin)]
    assert rows == [("八十老人", "old_age")]
    _case(old, "old_age", state="applied")
    assert not likely_eligible(admin)


def test_a_disabled_child_of_a_dibao_family_with_no_disability_allowance(app, county):
    from plugins.children.models import ChildProfile  # noqa: F401  (the children's plugin is loaded)
    admin = county["users"]["admin"]
    home = county["home"].id
    mother = add_person("women", county["v_east"], name="母亲", birth=date(1988, 1, 1), household_id=home)
    child = add_person("children", county["v_east"], name="残疾孩子", birth=date(2016, 1, 1), household_id=home,
                       category="disabled_low_income")
    _case(mother, "dibao")
    found = {(r.name, r.programme) for r in likely_eligible(admin)}
    assert {("残疾孩子", "dibao"), ("残疾孩子", "disability"), ("残疾孩子", "education"),
            ("残疾孩子", "spring_bud")} <= found
    _case(child, "disability")
    assert ("残疾孩子", "disability") not in {(r.name, r.programme) for r in likely_eligible(admin)}


def test_a_case_is_checked_audited_and_shown_on_the_persons_page(client, login, county):
    person = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1948, 1, 1))
    login("elders")
    bad = client.post(f"/assistance/person/{person.id}", data={"programme": "dibao", "state": "approved",
                                                               "applied_on": "2026-05-01"}, follow_redirects=True)
    assert "批准日期：请填写批准日期。" in bad.get_data(as_text=True)
    future = (local_today() + timedelta(days=3)).isoformat()
    bad = client.post(f"/assistance/person/{person.id}", data={"programme": "dibao", "state": "applied",
                                                               "applied_on": future}, follow_redirects=True)
    assert "申请日期：日期不能晚于今天。" in bad.get_data(as_text=True)
    assert db.session.execute(select(func.count()).select_from(AssistanceCase)).scalar_one() == 0
    client.post(f"/assistance/person/{person.id}", data={"programme": "dibao", "state": "paying",
                                                         "applied_on": "2026-05-01", "approved_on": "2026-06-01",
                                                         "amount": "480", "handled_by": "民政所李干事",
                                                         "next_review": "2027-06-01"})
    case = db.session.execute(select(AssistanceCase)).scalar_one()
    assert (case.amount, case.handled_by, case.next_review) == (Decimal("480.00"), "民政所李干事", date(2027, 6, 1))
    entry = db.session.execute(select(AuditEntry).where(AuditEntry.entity == "assistance_case")).scalar_one()
    assert entry.after["amount"] == "480.00"
    client.post(f"/assistance/cases/{case.id}", data={"state": "ended", "applied_on": "2026-05-01",
                                                      "approved_on": "2026-06-01", "ended_on": "2026-11-30"})
    db.session.expire_all()
    assert db.session.get(AssistanceCase, case.id).state == "ended"
    page = client.get(f"/g/elderly/{person.id}").get_data(as_text=True)
    section = page[page.index('id="assistance"'):]
    assert "最低生活保障（低保）" in section and "已结束" in section


def test_volunteers_and_other_areas_never_see_the_register(client, login, county):
    person = add_person("elderly", county["v_east"], name="王奶奶", birth=years_before(local_today(), 85))
    _case(person, "dibao")
    for user, status in (("vol", 403), ("kids", 200), ("west", 200), ("east", 200)):
        login(user)
        export = client.get("/assistance/export")
        assert export.status_code == status, user
        if status == 200:
            assert ("王奶奶" in export.get_data(as_text=True)) is (user == "east"), user
    login("vol")
    assert client.get("/assistance/likely").status_code == 403
    assert client.post(f"/assistance/person/{person.id}", data={"programme": "old_age",
                                                                "state": "likely"}).status_code == 403
    login("kids")
    assert client.post(f"/assistance/person/{person.id}", data={"programme": "old_age",
                                                                "state": "likely"}).status_code == 404
    login("east")
    assert "王奶奶" in client.get("/assistance/likely").get_data(as_text=True)  # 85, no old-age allowance
    login("west")
    assert "王奶奶" not in client.get("/assistance/likely").get_data(as_text=True)


def test_the_register_exports_and_imports_all_or_nothing(client, login, county):
    person = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1948, 1, 1))
    login("east")
    good = f"人员编号,救助项目,状态,申请日期,批准日期,金额（元）\n{person.id},临时救助,已批准,2026-10-01,2026-10-05,800\n"
    bad = good + f"{person.id},不存在的项目,已申请,2026-10-01,,\n99999,低保,已申请,2026-10-01,,\n"
    page = client.post("/assistance/import", data={"sheet": (io.BytesIO(bad.encode()), "r.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "第 3 行，救助项目" in page and "第 4 行，人员编号" in page
    assert db.session.execute(select(func.count()).select_from(AssistanceCase)).scalar_one() == 0
    client.post("/assistance/import", data={"sheet": (io.BytesIO(good.encode()), "r.csv")}, content_type="multipart/form-data")
    case = db.session.execute(select(AssistanceCase)).scalar_one()
    assert (case.programme, case.state, case.amount) == ("temporary", "approved", Decimal("800.00"))
    exported = client.get("/assistance/export").get_data(as_text=True)
    assert "临时救助" in exported and "已批准" in exported and "800.00" in exported
    # The export read back changes nothing (its 登记编号 names each case); a changed amount changes that case only.
    page = client.post("/assistance/import", data={"sheet": (io.BytesIO(exported.encode()), "e.csv")},
                       content_type="multipart/form-data", follow_redirects=True).get_data(as_text=True)
    assert "新增 0 条，修改 0 条，1 条未变" in page
    assert db.session.execute(select(AssistanceCase)).scalar_one().programme == "temporary"  # read back, not doubled
    client.post("/assistance/import", data={"sheet": (io.BytesIO(exported.replace("800.00", "900").encode()), "e.csv")},
                content_type="multipart/form-data")
    assert db.session.execute(select(AssistanceCase.amount)).scalar_one() == Decimal("900.00")
    db.session.execute(AssistanceCase.__table__.delete())
    db.session.commit()
    page = client.post("/assistance/import", data={"sheet": (io.BytesIO(exported.encode()), "e.csv")},
                       content_type="multipart/form-data").get_data(as_text=True)
    assert "第 2 行，登记编号" in page                      # a case no longer there is named, never made again


def test_the_quarterly_report_counts_the_register(client, login, county):
    person = add_person("elderly", county["v_east"], name="王奶奶", birth=date(1948, 1, 1))
    _case(person, "dibao", amount=Decimal("480"), applied_on=local_today() - timedelta(days=200),
          approved_on=local_today() - timedelta(days=150))
    from portal.reports.context import Report
    from portal.reports.period import Period
    from portal.assistance.report import assistance_section
    report = Report(Period(local_today().year), county["users"]["admin"], county["root"])
    table = assistance_section(report).tables[0]
    row = next(r for r in table.rows if str(r[0]) == "最低生活保障（低保）")
    assert row[3] == 1 and row[4] == 480.0
    approved_this_year = (local_today() - timedelta(days=150)).year == local_today().year
    assert row[2] == (1 if approved_this_year else 0)
    login("coord")
    page = client.get(f"/reports/?kind=annual&year={local_today().year}").get_data(as_text=True)
    assert "社会救助" in page


def test_the_cli_lists_who_is_likely_eligible(app, county):
    add_person("elderly", county["v_east"], name="八十老人", birth=years_before(local_today(), 81))
    out = app.test_cli_runner().invoke(args=["assistance", "likely", "--csv"]).output.strip().splitlines()
    assert out[0] == "person_id,name,programme,why" and out[1].split(",")[1:3] == ["八十老人", "old_age"]


def test_the_register_export_writes_names_as_text(client, login, county):
    """A name that starts like a formula comes out of the register's CSV neutral, kept by no cache (issue 26)."""
    from tests.neutral import FORMULA_NAME, assert_neutral_csv
    _case(add_person("elderly", county["v_east"], name=FORMULA_NAME, birth=years_before(local_today(), 85)), "dibao")
    login("east")
    export = client.get("/assistance/export")
    assert export.headers["Content-Type"] == "text/csv; charset=utf-8" and export.headers["Cache-Control"] == "no-store"
    assert_neutral_csv(export.data, FORMULA_NAME)


def test_the_register_export_streams_every_case_in_chunks(client, login, county):
    """The export is a stream read 500 cases at a time (issue 32: a county's register is never built whole in
    memory); every case comes out once, in name order, with the header first."""
    from portal.ledger.models import Beneficiary
    people = [Beneficiary(group="elderly", name=f"老人{i:04d}", gender="F", birth_date=date(1948, 1, 1),
                          place_id=county["v_east"].id, category="ordinary", status="active") for i in range(1003)]
    db.session.add_all(people)
    db.session.flush()
    db.session.add_all([AssistanceCase(beneficiary_id=p.id, programme="temporary", state="applied",
                                       applied_on=date(2026, 10, 1)) for p in people])
    db.session.commit()
    login("east")
    response = client.get("/assistance/export")
    assert response.is_streamed and response.headers["Cache-Control"] == "no-store"
    chunks = list(response.response)
    assert len(chunks) >= 3                           # 1,003 cases: chunks of at most 500
    lines = b"".join(c if isinstance(c, bytes) else c.encode() for c in chunks).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("登记编号,人员编号,姓名")
    names = [line.split(",")[2] for line in lines[1:]]
    assert names == sorted(names) and len(set(names)) == 1003


def test_the_likely_eligible_page_is_one_page_read_by_the_database(client, login, county, app, monkeypatch):
    """A county lists tens of thousands likely eligible: the page cuts one page in SQL (one line per person and
    programme, the first hint's reason), the total counted in SQL, with the pager; the CSV has everyone."""
    names = [f"八十老人{i}" for i in range(5)]
    for name in names:
        add_person("elderly", county["v_east"], name=name, birth=years_before(local_today(), 81))
    monkeypatch.setitem(app.config, "GUANAI_PAGE_SIZE", 2)
    login("east")
    assert_paged(client, "/assistance/likely?programme=old_age", names, 2, "共 5 行")
    csv_text = client.get("/assistance/likely?programme=old_age&format=csv").get_data(as_text=True)
    assert all(n in csv_text for n in names)
