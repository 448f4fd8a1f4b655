"""``guanai services due``: one line per person and periodic service due, from the command line."""
from __future__ import annotations

import csv
import sys

import click
from flask.cli import with_appcontext

from ..core.spreadsheets import csv_cell


@click.group("services")
def services_group():
    """Periodic services each person is owed (health checks, screenings, birthdays)."""


class _System:
    """The command line acts as an administrator: it sees the whole county."""

    id = None
    role = "admin"
    group = None
    place = None
    is_authenticated = False


@services_group.command("due")
@click.option("--place", "place_code", help="Only this area (a place code) and below.")
@click.option("--service", help="Only this service, GROUP.CODE (the group code, a dot, the service code).")
@click.option("--overdue", is_flag=True, help="Only those past their due day.")
@click.option("--csv", "as_csv", is_flag=True, help="Comma-separated, with a header line.")
@with_appcontext
def due_command(place_code, service, overdue, as_csv):
    """Person id, name, service, last received, next due, days overdue: one line each."""
    from ..core.time import local_today
    from ..extensions import db
    from ..places.models import Place
    from ..plugin.manager import current_plugins
    from .due import due_services
    place = None
    if place_code:
        place = db.session.execute(db.select(Place).filter_by(code=place_code)).scalar_one_or_none()
        if place is None:
            click.echo(f"place: no place has the code {place_code!r}", err=True)
            raise SystemExit(2)
    keys = [p.key for p in current_plugins().periodic_services()]
    if service and service not in keys:
        click.echo(f"service: unknown periodic service {service!r} (one of: {', '.join(keys)})", err=True)
        raise SystemExit(2)
    today = local_today()
    rows = due_services(_System(), place=place, service=service, overdue=overdue, today=today)
    lines = [(r.person_id, r.name, r.service.key, r.last.isoformat() if r.last else "", r.due.isoformat(),
              r.days_overdue(today)) for r in rows]
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(["person_id", "name", "service", "last_received", "next_due", "days_overdue"])
        writer.writerows([[csv_cell(v) for v in line] for line in lines])  # names never formulas (issue 26)
    else:
        for line in lines:
            click.echo("\t".join(str(v) for v in line))
