"""The ``guanai`` command: Flask's commands (run, db, shell) plus the portal's own."""
from __future__ import annotations

import click
from flask.cli import FlaskGroup, with_appcontext


def _create_app():
    from . import create_app
    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app)
def main():
    """Guanai portal management."""


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already holds places.")
@click.option("--seed", default=2026, show_default=True, help="Random seed: the same seed, the same county.")
@click.option("--people", "size", default=None, metavar="N|SIZE",
              help="A big county of N people (or township, county, prefecture) loaded with bulk inserts.")
@with_appcontext
def demo_command(if_empty: bool, seed: int, size: str | None):
    """Build the demo county: places, households, people of every group, volunteers and demo accounts."""
    from .bigdemo import build_big_county, people_for
    from .demo import build_demo_county, database_is_empty
    people = None
    if size is not None:
        try:
            people = people_for(size)
        except ValueError:
            click.echo(f"--people: {size} is neither a number of people (10 or more) nor a size name "
                       "(township, county, prefecture).", err=True)
            raise SystemExit(2)
    if not database_is_empty():
        if if_empty:
            click.echo("The database already holds data; the demo county is not loaded again.")
            return
        raise click.ClickException("The database already holds data; use a fresh database for the demo.")
    summary = build_big_county(people, seed) if people else build_demo_county(seed)
    click.echo(", ".join(f"{n} {what}" for what, n in summary.items()))


def register_commands(app) -> None:
    """Add the portal's commands, and every feature's and plugin's, to the app's CLI."""
    app.cli.add_command(demo_command)
    app.extensions["guanai"].register_commands(app.cli)
