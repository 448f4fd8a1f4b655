"""Background work as a plugin: its migrations (periodic runs, run leases) and the worker commands."""
from __future__ import annotations

import os

from ..hookspecs import hookimpl
from ..plugin.feature import feature_migrations

HERE = os.path.dirname(__file__)


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_register_commands(cli):
    from .cli import queue_group, worker_command
    cli.add_command(worker_command)
    cli.add_command(queue_group)
