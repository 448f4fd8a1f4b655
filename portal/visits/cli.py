"""Visits from the command line: ``guanai visits overdue`` prints the overdue list, ``guanai visits remind`` sweeps."""
from __future__ import annotations

import click
from flask.cli import with_appcontext


@click.group("visits")
def visits_group():
    """Visit schedules: overdue visits and reminders."""


@visits_group.command("overdue")
@click.option("--place", "place_code", default=None, help="Place code of the area, e.g. 430501.")
@click.option("--group", "group", default=None, help="Group code, e.g. one of the registered groups.")
@with_appcontext
def overdue_command(place_code, group):
    """Print the overdue visits, one a line: person, village, rule, due date, days overdue, helper."""
    from ..core.time import local_today
    from ..extensions import db
    from ..places.models import Place
    from ..plugin.manager import current_plugins
    from .due import Filters, overdue
    problems = []
    place = None
    if place_code is not None:
        place = db.session.execute(db.select(Place).filter_by(code=place_code)).scalar_one_or_none()
        if place is None:
            problems.append(f"--place: no place has the code {place_code!r}")
    groups = current_plugins().groups
    if group is not None and group not in groups:
        problems.append(f"--group: unknown group {group!r} (one of: {', '.join(sorted(groups))})")
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise SystemExit(2)
    today = local_today()
    for r in overdue(filters=Filters(place=place, group=group), today=today):
        click.echo("\t".join([r.name, r.village, r.rule.name, r.due.isoformat(), str(r.days_overdue(today)),
                              r.helper or "-"]))


@visits_group.command("remind")
@with_appcontext
def remind_command():
    """Send the visit reminders due now (each once): helpers' due and overdue visits, coordinators' weekly digest."""
    from ..core.time import utcnow
    from .reminders import send_visit_reminders
    counts = send_visit_reminders(utcnow())
    click.echo(", ".join(f"{kind}: {n}" for kind, n in counts.items()))


@visits_group.command("refresh")
@with_appcontext
def refresh_command():
    """Compute the kept due table (visit_due) again for every active person, e.g. after an import or a rule change."""
    from .hooks import refresh_due_now
    counts = refresh_due_now()
    click.echo(", ".join(f"{kind}: {n}" for kind, n in counts.items()))
