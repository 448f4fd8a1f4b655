"""The plugin API: everything a group plugin (or a feature) imports, in one place.

A plugin package declares itself in its ``pyproject.toml``::

    [project.entry-points."guanai.plugins"]
    needy = "guanai_needy"

and implements the hooks of :mod:`portal.hookspecs` with ``@hookimpl``, as module functions or as a
:class:`GroupPlugin` subclass. Its profile model mixes in :class:`GroupProfile`; its dashboard and
navigation can reuse :func:`counts_widget` and :func:`group_nav_item`.
"""
from ..core.texts import Text
from ..core.time import months_between, years_before
from ..extensions import db
from ..hookspecs import PLUGIN_API, hookimpl

# What the features give plugins to build on (a group's profile, its navigation and dashboard box, the import's
# cell readers, what a report section is made of), re-exported statically: a feature imports the plugin API's
# submodules (``portal.plugin.records``, ``.manager``), never this package, so these imports close no circle.
from ..ledger.forms import phone_numbers  # noqa: E402
from ..ledger.models import GroupProfile  # noqa: E402
from ..ledger.widgets import counts_widget, group_nav_item  # noqa: E402
from ..reports.ledger_sections import uncovered_roster  # noqa: E402
from ..reports.model import Chart, CommendationMeasure, ReportSection, ReportTable  # noqa: E402
from ..reports.tables import count_table, sex_table, tally  # noqa: E402
from ..transfer import cells  # noqa: E402
from ..duties.traits import set_traits  # noqa: E402
from .kit import GroupPlugin  # noqa: E402
from .manager import ENTRY_POINT_GROUP, Plugins, build_plugin_manager, current_plugins
from .records import (
    Action,
    AssistanceHint,
    AssistanceProgramme,
    CardType,
    Category,
    CheckEnding,
    DutyRule,
    Eligibility,
    FamilyContact,
    FlaggedHelper,
    Group,
    GuardianshipRules,
    HealthRules,
    ImportColumn,
    IncidentStep,
    IncidentType,
    MatchingPolicy,
    NavItem,
    OfflineKind,
    PeriodicService,
    PeriodicTask,
    Service,
    StudyRules,
    Task,
    VisitReminderNote,
    VisitRule,
    Widget,
    service_key,
)

__all__ = ["Action", "AssistanceHint", "AssistanceProgramme", "CardType", "CheckEnding", "FamilyContact", "FlaggedHelper", "Category", "Chart",
           "CommendationMeasure", "DutyRule", "ENTRY_POINT_GROUP", "Eligibility", "Group",
           "GroupPlugin", "GroupProfile", "GuardianshipRules", "HealthRules", "ImportColumn", "IncidentStep", "IncidentType",
           "MatchingPolicy", "NavItem", "OfflineKind", "PLUGIN_API", "PeriodicService", "PeriodicTask", "Plugins", "ReportSection", "ReportTable",
           "Service", "StudyRules", "Task", "Text", "VisitReminderNote", "VisitRule", "Widget", "build_plugin_manager", "cells", "phone_numbers", "count_table",
           "counts_widget", "current_plugins", "db", "group_nav_item", "hookimpl", "months_between", "service_key",
           "set_traits", "sex_table", "tally", "uncovered_roster", "years_before"]
