"""``guanai worker`` runs the queue's consumer beside (or far from) the web servers; ``guanai queue`` inspects it."""
from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Tasks run at the same time (threads).")
@click.option("--no-periodic", is_flag=True, help="Do not schedule periodic tasks from this worker.")
@with_appcontext
def worker_command(workers: int, no_periodic: bool):
    """Run queued and periodic tasks until stopped (SIGINT finishes running tasks, SIGTERM stops at once)."""
    from ..core.queue import current_queue
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s")
    queue = current_queue()
    click.echo(f"worker: {queue.huey.storage.__class__.__name__}, tasks: {', '.join(queue.names)}")
    queue.consumer(workers=workers, periodic=not no_periodic, initial_delay=0.1, max_delay=1.0).run()


@click.group("queue")
def queue_group():
    """The task queue: what waits, and running a task by hand."""


@queue_group.command("status")
@with_appcontext
def queue_status():
    """Print the queue's storage and how many tasks wait."""
    queue = current_app.extensions["guanai_queue"]
    click.echo(f"{queue.huey.storage.__class__.__name__}: {queue.pending()} waiting")


@queue_group.command("run")
@click.argument("name")
@with_appcontext
def queue_run(name: str):
    """Run the task NAME here and now (a periodic one only if its period has not run yet)."""
    from ..core.queue import current_queue
    if name not in current_queue().names:
        raise click.ClickException(f"no task {name!r}; one of: {', '.join(current_queue().names)}")
    current_queue().run_now(name)
    click.echo(f"{name}: done")
