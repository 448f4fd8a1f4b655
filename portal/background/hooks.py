"""Background work as a plugin: its migrations (periodic runs, run leases, file jobs), the worker commands, the
files made on the queue (their pages and the hourly sweep that deletes expired ones)."""
from __future__ import annotations

import os

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations

HERE = os.path.dirname(__file__)


guanai_get_migration_dirs = feature_migrations(__file__)
guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_register_commands(cli):
    from .cli import queue_group, worker_command
    cli.add_command(worker_command)
    cli.add_command(queue_group)


@hookimpl
def guanai_get_tasks():
    from ..plugin.records import PeriodicTask
    from .files import expire_files, fail_stale_files
    return [PeriodicTask("background.expire_files", expire_files, period="hour", check_minutes=10),
            PeriodicTask("background.fail_stale_files", fail_stale_files, period="hour", check_minutes=10)]

