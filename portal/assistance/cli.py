"""``guanai assistance likely``: who is likely eligible for a programme and has not applied, one line each."""
from __future__ import annotations

import csv
import sys
from types import SimpleNamespace

import click
from flask.cli import with_appcontext

from ..core.spreadsheets import csv_cell


@click.group("assistance")
def assistance_group():
    """The social-assistance register."""


@assistance_group.command("likely")
@click.option("--place", "place_code", help="Only this area (a place code) and below.")
@click.option("--csv", "as_csv", is_flag=True, help="Comma-separated, with a header line.")
@with_appcontext
def likely_command(place_code, as_csv):
    """Person id, name, programme, why likely eligible: one line each."""
    from ..extensions import db
    from ..places.models import Place
    from .likely import likely_eligible
    place = None
    if place_code:
        place = db.session.execute(db.select(Place).filter_by(code=place_code)).scalar_one_or_none()
        if place is None:
            click.echo(f"place: no place has the code {place_code!r}", err=True)
            raise SystemExit(2)
    system = SimpleNamespace(id=None, role="admin", place=None, group=None, is_authenticated=True)
    lines = [(r.person_id, r.name, r.programme, r.reason) for r in likely_eligible(system, place=place)]
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["person_id", "name", "programme", "why"])
        writer.writerows([[csv_cell(v) for v in line] for line in lines])  # names never formulas (issue 26)
    else:
        for line in lines:
            click.echo("\t".join(str(v) for v in line))
