"""``guanai groups form``: form mutual-aid groups for a place from the command line, as a draft or committed."""
from __future__ import annotations

import json

import click
from flask.cli import with_appcontext


@click.group("groups")
def groups_group():
    """Neighbours' mutual-aid groups (十人一联)."""


class _System:
    """The command line acts as an administrator: it sees the whole county."""

    id = None
    role = "admin"
    group = None
    place = None
    is_authenticated = False


@groups_group.command("form")
@click.option("--group", "group", required=True, help="The ledger group whose people are grouped (a group code).")
@click.option("--place", "place_code", required=True, help="A village or township code.")
@click.option("--size", type=click.IntRange(1, 100), default=10, show_default=True, help="People per group.")
@click.option("--max-km", type=click.FloatRange(0.1, 20), default=1.5, show_default=True,
              help="Nobody farther than this from the leader.")
@click.option("--same-grid", is_flag=True, help="Keep each group within a grid.")
@click.option("--json", "json_file", type=click.Path(dir_okay=False, writable=True),
              help="Write each group, its leader and members (ids, coordinates, distances) to this file.")
@click.option("--commit", "commit", is_flag=True, help="Make the groups today's groups (otherwise a draft to review).")
@with_appcontext
def form_command(group, place_code, size, max_km, same_grid, json_file, commit):
    """Form the groups of a place by the engine; print one line per group and the people left out."""
    from ..extensions import db
    from ..places.models import Place
    from ..plugin.manager import current_plugins
    from .forming import FormingRefused, commit_run, params_of, run_json, start_run
    if group not in current_plugins().groups:
        raise click.UsageError(f"--group: unknown group {group!r} (one of: {', '.join(current_plugins().groups)})")
    place = db.session.execute(db.select(Place).filter_by(code=place_code)).scalar_one_or_none()
    if place is None:
        raise click.UsageError(f"--place: no place has the code {place_code!r}")
    try:
        run = start_run(_System(), group, place, params_of(size=size, max_km=max_km, same_grid=same_grid))
        counts = commit_run(_System(), run) if commit else None
    except FormingRefused as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    doc = run_json(run)
    if json_file:
        with open(json_file, "w", encoding="utf-8") as fh:
            json.dump(doc, fh, ensure_ascii=False, indent=1)
    for g in doc["groups"]:
        km = sum(m["distance_km"] for m in g["members"])
        click.echo(f"{g['leader']['id']}\t{g['leader']['name']}\t{len(g['members'])} members\t{km:.2f} km")
    for x in doc["left_out"]:
        click.echo(f"left out\t{x['id']}\t{x['name']}\t{x['reason']}\t{x['detail']}")
    click.echo(f"run {run.id}: {len(doc['groups'])} groups, {sum(len(g['members']) for g in doc['groups'])} members, "
               f"{len(doc['left_out'])} left out; " + (f"committed ({counts['created']} new)" if commit else "draft"))
