"""The report workbook writes names as text (issue 26): a person whose name is a formula comes out of the
page's and the command line's .xlsx as a text cell, and the page's file is kept by no cache."""
from portal.extensions import db
from tests.neutral import FORMULA_NAME, xlsx_cells_with

from .conftest import table


def named_like_a_formula(figures, build):
    figures["people"]["b"].name = FORMULA_NAME  # class 1 without a pairing: listed by name in a table
    db.session.commit()
    assert FORMULA_NAME in [r[0] for r in table(build(), "children-must-pair").rows]


def test_the_pages_workbook(figures, client, login, build):
    named_like_a_formula(figures, build)
    login("coord")
    response = client.get("/reports/export.xlsx?year=2026&quarter=2")
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    xlsx_cells_with(response.data, FORMULA_NAME)


def test_the_command_lines_workbook(figures, app, build, tmp_path):
    named_like_a_formula(figures, build)
    out = tmp_path / "q2.xlsx"
    result = app.test_cli_runner().invoke(args=["report", "quarterly", "--year", "2026", "--quarter", "2",
                                                "-o", str(out)])
    assert result.exit_code == 0, result.output
    xlsx_cells_with(out.read_bytes(), FORMULA_NAME)
