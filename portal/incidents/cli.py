"""Incidents from the command line: ``guanai incidents open`` lists open ones, ``guanai incidents escalate`` sweeps."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("incidents")
def incidents_group():
    """Incidents and mandatory reporting."""


@incidents_group.command("open")
@click.option("--place", "place_code", default=None, help="Place code: only incidents in this area.")
@with_appcontext
def list_open(place_code):
    """List open incidents, most urgent first, with their overdue steps."""
    from sqlalchemy import select

    from ..core.time import format_local, utcnow
    from ..extensions import db
    from ..places.models import Place
    from .listing import open_incidents
    place = None
    if place_code is not None:
        place = db.session.execute(select(Place).filter_by(code=place_code)).scalar_one_or_none()
        if place is None:
            click.echo(f"--place: no place has the code {place_code!r}", err=True)
            raise SystemExit(2)
    now = utcnow()
    rows = open_incidents(place, now)
    for incident, kind, overdue in rows:
        name = kind.names.get("en", kind.code) if kind else incident.type_key
        click.echo(f"#{incident.id}\t{incident.type_key}\t{incident.beneficiary.name}\t{incident.place.code}\t"
                   f"{format_local(incident.occurred_at)}\t{name}")
        for step in overdue:
            late = int((now - step.deadline_at).total_seconds() // 60)
            click.echo(f"\toverdue: {step.code} ({late} min past {format_local(step.deadline_at)})")
    click.echo(f"{len(rows)} open incident(s)")


@incidents_group.command("escalate")
@with_appcontext
def escalate():
    """Escalate every step past its deadline, once per level (run it every few minutes)."""
    from .escalation import escalate_overdue_steps
    made = escalate_overdue_steps()
    click.echo(f"{len(made)} escalation(s)")
