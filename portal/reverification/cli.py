"""Cycles from the command line: ``guanai reverify open`` opens one for an area, ``guanai reverify remind`` sweeps."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("reverify")
def reverify_group():
    """Re-verification cycles: open them, remind their areas."""


@reverify_group.command("open")
@click.argument("kind")
@click.argument("period")
@click.argument("place_code")
@with_appcontext
def open_command(kind, period, place_code):
    """Open the cycle KIND (quarterly, census, pairing, spot) of PERIOD (YYYY-MM) for the area PLACE_CODE."""
    from ..extensions import db
    from ..places.models import Place
    from .checklist import CycleRefused, open_cycle
    from .periods import KINDS, parse_period
    problems = []
    if kind not in KINDS:
        problems.append(f"kind: unknown kind {kind!r} (one of: {', '.join(KINDS)})")
    p = parse_period(kind, period) if kind in KINDS else None
    if kind in KINDS and p is None:
        problems.append(f"period: {period!r} is not a YYYY-MM month in which {kind} runs")
    place = db.session.execute(db.select(Place).filter_by(code=place_code)).scalar_one_or_none()
    if place is None:
        problems.append(f"place: no place has the code {place_code!r}")
    if not problems:
        try:
            cycle = open_cycle(None, p, place)
        except CycleRefused:
            problems.append(f"period: the {kind} cycle of {period} is already open for {place_code}")
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise SystemExit(2)
    db.session.commit()
    click.echo(f"opened cycle {cycle.id}")


@reverify_group.command("remind")
@with_appcontext
def remind_command():
    """Send the cycle reminders due now (each once): the end nears, the end has passed."""
    from ..core.time import utcnow
    from .reminders import send_cycle_reminders
    counts = send_cycle_reminders(utcnow())
    click.echo(", ".join(f"{kind}: {n}" for kind, n in counts.items()))
