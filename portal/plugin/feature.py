"""The FeaturePlugin kit: the two hooks every feature's ``hooks.py`` answered with the same lines.

A feature's ``hooks.py`` writes::

    guanai_get_blueprints = feature_blueprints(__package__, "blueprint", pages=("views", "editors"))
    guanai_get_migration_dirs = feature_migrations(__file__)

``feature_blueprints`` imports, when the hook is called (not when the feature is loaded), each module of
``pages`` (the view modules whose routes join a shared blueprint) and returns the ``bp`` of each module named,
in order; ``feature_migrations`` gives the ``migrations`` folder beside the hooks module. Both are ordinary
``@hookimpl`` functions, so the feature can still write its own where it needs more.
"""
from __future__ import annotations

import importlib
import os

from ..hookspecs import hookimpl


def feature_blueprints(package: str, *modules: str, pages: tuple[str, ...] = ()):
    """A ``guanai_get_blueprints`` returning ``<package>.<module>.bp`` for each of ``modules``."""
    @hookimpl
    def guanai_get_blueprints():
        for page in pages:
            importlib.import_module(f"{package}.{page}")
        return [importlib.import_module(f"{package}.{module}").bp for module in modules]
    return guanai_get_blueprints


def feature_migrations(hooks_file: str):
    """A ``guanai_get_migration_dirs`` returning the ``migrations`` folder beside ``hooks_file``."""
    folder = os.path.join(os.path.dirname(os.path.abspath(hooks_file)), "migrations")

    @hookimpl
    def guanai_get_migration_dirs():
        return [folder]
    return guanai_get_migration_dirs
