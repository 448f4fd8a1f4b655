"""User accounts from the command line: ``guanai create-user``."""
from __future__ import annotations

import click
from flask.cli import with_appcontext

from ..web.access import ROLES


@click.command("create-user")
@click.argument("username")
@click.option("--role", type=click.Choice(ROLES), default="admin")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@with_appcontext
def create_user_command(username: str, role: str, password: str):
    """Create a user (an admin by default) from the command line."""
    from ..extensions import db
    from .models import User
    from .passwords import password_problem
    problem = password_problem(password, username, role)
    if problem:
        raise click.ClickException(f"password: {problem}")
    if db.session.execute(db.select(User).filter_by(username=username)).scalar_one_or_none():
        raise click.ClickException(f"username: {username!r} is taken")
    user = User(username=username, display_name=username, role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    click.echo(f"created {role} {username}")
