"""Background work as a plugin: its migrations (periodic runs, run leases) and the worker commands."""
from __future__ import annotations

import os

from ..hookspecs import hookimpl

HERE = os.path.dirname(__file__)


@hookimpl
def guanai_get_migration_dirs():
    return [os.path.join(HERE, "migrations")]


@hookimpl
def guanai_register_commands(cli):
    from .cli import queue_group, worker_command
    cli.add_command(worker_command)
    cli.add_command(queue_group)
