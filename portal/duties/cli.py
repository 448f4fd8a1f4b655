"""Duties from the command line: ``guanai duties list`` (one line per person and duty), ``guanai duties refresh``."""
from __future__ import annotations

import csv
import sys
from types import SimpleNamespace

import click
from flask.cli import with_appcontext

#: The command line reads as the system does: every row of the county.
SYSTEM = SimpleNamespace(role="admin", id=None, place=None, group=None, is_authenticated=False)
HEADER = ("person_id", "name", "group", "duty", "owner", "last_done", "next_due", "days_overdue")


@click.group("duties")
def duties_group():
    """Duties of every person: who owns them, what is due and overdue."""


@duties_group.command("list")
@click.option("--place", "place_code", default=None, help="Place code of the area, e.g. 430501.")
@click.option("--owner", "owner", default=None, help="User name of an owner ('none': duties nobody owns).")
@click.option("--group", "group", default=None, help="Group code.")
@click.option("--overdue", is_flag=True, help="Only the duties past due (what the coordinator's overdue page lists).")
@click.option("--csv", "as_csv", is_flag=True, help="Comma-separated, with a header line.")
@with_appcontext
def list_command(place_code, owner, group, overdue, as_csv):
    """One line per person and duty: person id, name, group, duty, owner (user name or "none"), last done,
    next due, days overdue."""
    from ..auth.models import User
    from ..core.time import local_today
    from ..extensions import db
    from ..places.models import Place
    from ..plugin.manager import current_plugins
    from .lists import Filters, duty_rows
    problems, place, owner_id, unowned = [], None, None, False
    if place_code is not None:
        place = db.session.execute(db.select(Place).filter_by(code=place_code)).scalar_one_or_none()
        if place is None:
            problems.append(f"--place: no place has the code {place_code!r}")
    if owner is not None:
        if owner == "none":
            unowned = True
        else:
            owner_id = db.session.execute(db.select(User.id).filter_by(username=owner)).scalar_one_or_none()
            if owner_id is None:
                problems.append(f"--owner: no user is called {owner!r}")
    groups = current_plugins().groups
    if group is not None and group not in groups:
        problems.append(f"--group: unknown group {group!r} (one of: {', '.join(sorted(groups))})")
    if problems:
        for line in problems:
            click.echo(line, err=True)
        raise SystemExit(2)
    today = local_today()
    rows = duty_rows(SYSTEM, Filters(place=place, group=group, owner_id=owner_id, unowned=unowned),
                     overdue=overdue, today=today)
    out = csv.writer(sys.stdout) if as_csv else None
    if out is not None:
        out.writerow(HEADER)
    for i in rows:
        line = (i.person_id, i.name, i.group, i.duty, i.owner or "none", i.last_done.isoformat() if i.last_done else "",
                i.due_on.isoformat(), i.days_overdue)
        if out is not None:
            out.writerow(line)
        else:
            click.echo("\t".join(str(v) for v in line))


@duties_group.command("refresh")
@with_appcontext
def refresh_command():
    """Compute every person's duties again (after a change of rules or settings; the worker does it daily)."""
    from .hooks import refresh_now
    click.echo(", ".join(f"{k}: {v}" for k, v in refresh_now().items()))
