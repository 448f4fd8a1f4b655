"""Every export of this feature writes untrusted text as text (issue 26): a name written at /join, or imported,
as ``=HYPERLINK(...)`` comes out of the .xlsx as a text cell and out of the .csv with OWASP's apostrophe;
the files are kept by no cache and the CSV names its charset once."""
import csv
import io

from sqlalchemy import select

from portal.extensions import db
from portal.volunteers.models import Volunteer
from tests.neutral import FORMULA_NAME, assert_neutral_csv, xlsx_cells_with

from .sheets import VILLAGE_HEADER, village_rows


def join(client, county, name=FORMULA_NAME):
    """Register at the public page, as the probe did."""
    response = client.post("/join", data={
        "name": name, "phone": "13912345678", "gender": "F", "kind": "youth", "place_id": county["v_east"].id,
        "travel_km": "6", "skills": ["math"], "skills_other": "", "availability": ["sat-am"], "username": "probe",
        "password": "longpassword1", "confirm": "longpassword1", "pledge": "y", "svc-children.family_call": "1"})
    assert response.status_code == 302, response.get_data(as_text=True)
    client.post("/logout")
    return db.session.execute(select(Volunteer).where(Volunteer.name == name)).scalar_one()


def imported_ledger(app, tmp_path):
    """The village sheet as a CSV (where a formula is plain text) with a formula as a child's name and an @
    before a woman's, imported from the command line."""
    rows = village_rows()
    rows[0][1] = FORMULA_NAME
    rows[2][VILLAGE_HEADER.index("姓名")] = "@王芳"
    out = io.StringIO()
    csv.writer(out).writerows([VILLAGE_HEADER, *rows])
    path = tmp_path / "东村.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import", "ledger", str(path), "--place", "V1", "--commit",
                                                "--outside-reason", "村委会核实"])
    assert result.exit_code == 0, result.output


def _headers_ok(response, kind):
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    if kind == "csv":
        assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def test_volunteers_export_of_a_name_written_at_join(client, county, login):
    join(client, county)
    login("coord")
    for kind in ("xlsx", "csv"):
        response = client.get(f"/transfer/export/volunteers.{kind}")
        _headers_ok(response, kind)
        if kind == "xlsx":
            xlsx_cells_with(response.data, FORMULA_NAME)
        else:
            assert_neutral_csv(response.data, FORMULA_NAME)


def test_ledger_export_of_imported_cells(app, client, county, grid, login, tmp_path):
    imported_ledger(app, tmp_path)
    login("coord")
    for group in ("children", "women"):
        for kind in ("xlsx", "csv"):
            response = client.get(f"/transfer/export/g/{group}.{kind}")
            _headers_ok(response, kind)
            text = FORMULA_NAME if group == "children" else "@王芳"
            if kind == "xlsx":
                xlsx_cells_with(response.data, text)
            else:
                assert_neutral_csv(response.data, text)


def test_pairings_export_of_names_written_at_join_and_imported(app, client, county, grid, login, tmp_path):
    from portal.assignment.models import Pairing
    from portal.ledger.models import Beneficiary
    helper = join(client, county, "+86 call me")
    imported_ledger(app, tmp_path)
    person = db.session.execute(select(Beneficiary).where(Beneficiary.name == FORMULA_NAME)).scalar_one()
    db.session.add(Pairing(service="children.family_call", beneficiary_id=person.id, volunteer_id=helper.id,
                           unit=f"b{person.id}"))
    db.session.commit()
    login("coord")
    for kind in ("xlsx", "csv"):
        response = client.get(f"/transfer/export/pairings.{kind}")
        _headers_ok(response, kind)
        if kind == "xlsx":
            xlsx_cells_with(response.data, FORMULA_NAME)
            xlsx_cells_with(response.data, "+86 call me")
        else:
            assert_neutral_csv(response.data, FORMULA_NAME)
            assert_neutral_csv(response.data, "+86 call me")


def test_the_import_template_is_kept_by_no_cache(client, county, login):
    login("coord")
    _headers_ok(client.get("/transfer/template/children.xlsx"), "xlsx")


def test_command_line_export_of_imported_cells(app, county, grid, tmp_path):
    imported_ledger(app, tmp_path)
    for kind in ("xlsx", "csv"):
        out = tmp_path / f"out.{kind}"
        result = app.test_cli_runner().invoke(args=["export", "ledger", "--group", "children", "-o", str(out)])
        assert result.exit_code == 0, result.output
        if kind == "xlsx":
            xlsx_cells_with(out.read_bytes(), FORMULA_NAME)
        else:
            assert_neutral_csv(out.read_bytes(), FORMULA_NAME)


def test_a_huge_place_is_refused_naming_the_field(client, county, login):
    """2^64 as the pairings export's place, or an import's, is a 400 naming the field (issue 26's probe)."""
    login("coord")
    for url in (f"/transfer/export/pairings.csv?place={2**64}", f"/transfer/export/g/children.csv?place={2**64}"):
        response = client.get(url)
        assert response.status_code == 400 and "place" in response.get_data(as_text=True), url
