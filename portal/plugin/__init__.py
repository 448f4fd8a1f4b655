"""The plugin API: everything a group plugin (or a feature) imports, in one place.

A plugin package declares itself in its ``pyproject.toml``::

    [project.entry-points."guanai.plugins"]
    needy = "guanai_needy"

and implements the hooks of :mod:`portal.hookspecs` with ``@hookimpl``, as module functions or as a
:class:`GroupPlugin` subclass. Its profile model mixes in :class:`GroupProfile`; its dashboard and
navigation can reuse :func:`counts_widget` and :func:`group_nav_item`.
"""
import importlib

from ..core.texts import Text
from ..core.time import months_between, years_before
from ..extensions import db
from ..hookspecs import PLUGIN_API, hookimpl
from .manager import ENTRY_POINT_GROUP, Plugins, build_plugin_manager, current_plugins
from .records import (
    Action,
    CardType,
    Category,
    Eligibility,
    Group,
    HealthRules,
    ImportColumn,
    IncidentStep,
    IncidentType,
    MatchingPolicy,
    NavItem,
    PeriodicService,
    PeriodicTask,
    Service,
    Task,
    VisitRule,
    Widget,
    service_key,
)

# Names that come from the features (ledger, reports), themselves built on the records above: imported on
# first use, so that a feature can import this package while it is being loaded.
_FROM_FEATURES = {"GroupProfile": "portal.ledger.models", "counts_widget": "portal.ledger.widgets",
                  "group_nav_item": "portal.ledger.widgets", "GroupPlugin": "portal.plugin.kit",
                  "cells": "portal.transfer",
                  # what a report section is made of, and the helpers that count for it (portal/reports)
                  "ReportSection": "portal.reports.model", "ReportTable": "portal.reports.model",
                  "Chart": "portal.reports.model", "CommendationMeasure": "portal.reports.model",
                  "count_table": "portal.reports.tables", "sex_table": "portal.reports.tables",
                  "tally": "portal.reports.tables", "uncovered_roster": "portal.reports.ledger_sections"}


def __getattr__(name: str):
    if name in _FROM_FEATURES:
        return getattr(importlib.import_module(_FROM_FEATURES[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["Action", "CardType", "Category", "Chart", "CommendationMeasure", "ENTRY_POINT_GROUP", "Eligibility", "Group",
           "GroupPlugin", "GroupProfile", "HealthRules", "ImportColumn", "IncidentStep", "IncidentType",
           "MatchingPolicy", "NavItem", "PLUGIN_API", "PeriodicService", "PeriodicTask", "Plugins", "ReportSection", "ReportTable",
           "Service", "Task", "Text", "VisitRule", "Widget", "build_plugin_manager", "cells", "count_table",
           "counts_widget", "current_plugins", "db", "group_nav_item", "hookimpl", "months_between", "service_key",
           "sex_table", "tally", "uncovered_roster", "years_before"]
