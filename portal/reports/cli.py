"""Reports from the command line: ``guanai report quarterly`` and ``guanai report annual`` write an .xlsx."""
from __future__ import annotations

from types import SimpleNamespace

import click
from flask.cli import with_appcontext


@click.group("report")
def report_group():
    """Quarterly and annual statistics as spreadsheets."""


def _write(kind: str, year: int, quarter: int | None, place_code: str | None, output: str) -> None:
    from ..core.outputs import check_output, output_file
    from .build import build_report, report_area
    from .period import period_from
    from .xlsx import report_workbook
    check_output(output)
    problems, period, place = [], None, None
    # The command line sees the whole county, as an administrator does.
    user = SimpleNamespace(role="admin", place=None, group=None, id=None)
    try:
        period = period_from(kind, year, quarter)
    except ValueError as bad:
        problems.append(str(bad))
    try:
        place = report_area(user, code=place_code)
    except ValueError as bad:
        problems.append(str(bad))
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise SystemExit(2)
    report = build_report(period, user, place)
    with output_file(output) as fh:
        fh.write(report_workbook(report))
    tables = sum(len(s.tables) for s in report.sections)
    click.echo(f"{place.name} {period.short_label}: {len(report.sections)} sections, {tables} tables -> {output}")


@report_group.command("quarterly")
@click.option("--year", type=int, required=True)
@click.option("--quarter", type=int, required=True, help="1, 2, 3 or 4.")
@click.option("--place", "place_code", default=None, help="Place code of the area (default: the whole county).")
@click.option("-o", "--output", metavar="FILE", required=True)
@with_appcontext
def quarterly(year, quarter, place_code, output):
    """Write the quarterly statistics (统计季报) of an area to an .xlsx file."""
    _write("quarterly", year, quarter, place_code, output)


@report_group.command("annual")
@click.option("--year", type=int, required=True)
@click.option("--place", "place_code", default=None, help="Place code of the area (default: the whole county).")
@click.option("-o", "--output", metavar="FILE", required=True)
@with_appcontext
def annual(year, place_code, output):
    """Write the annual statistics (统计年报) of an area to an .xlsx file."""
    _write("annual", year, None, place_code, output)
