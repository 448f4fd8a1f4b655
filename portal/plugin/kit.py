"""The GroupPlugin base: the hooks every group answers the same way, implemented once."""
from __future__ import annotations

import importlib
import importlib.util
import os
from datetime import date

from ..hookspecs import hookimpl
from .manager import current_plugins
from .records import Eligibility, Group, IncidentType, MatchingPolicy, Service, VisitRule


class GroupPlugin:
    """A plugin that adds one group: subclass it and point the entry point at an instance.

    The hooks every group answers the same way (navigation, dashboard widget, migrations, vocabularies, and
    answering only for its own group) are implemented here once. The core mounts the group's ledger and
    activity pages; by default the other parts come from the plugin's own package (``package``), laid out
    like the built-in plugins:

    - ``rules.py``: ``assess(person, profile, settings, today)``, ``matching_policy(settings)``, ``VISIT_RULES``,
      optionally ``SERVICES_BY_CATEGORY`` (``{category: (service codes, ...)}``, what a person needs by
      category), ``classify(person, profile, sheet, settings, today)`` (a category from what a sheet says),
      ``PERIODIC_SERVICES`` (its :class:`PeriodicService` records), ``HEALTH_RULES`` (its
      :class:`HealthRules`), ``STUDY_RULES`` (its :class:`StudyRules`), ``GUARDIANSHIP_RULES`` (its
      :class:`GuardianshipRules`), ``DUTY_RULES`` (its :class:`DutyRule` records: whom, what, how often, which role
      owns it), ``VOCABULARIES``
      (``{name: {code: Text}}``, e.g. the skills its services count) and
      ``INCIDENT_TYPES`` (its :class:`IncidentType` records);
    - ``columns.py`` (optional): ``IMPORT_COLUMNS``, the group's spreadsheet columns, and ``CATEGORY_NAMES``,
      the words sheets write for its categories (``{"独居老人": "alone"}``);
    - ``views.py`` (optional): ``bp``, a blueprint named after the group for pages of its own;
    - ``report.py`` (optional): ``sections(report, group)``, the group's own report sections (its official
      breakdowns) as a list of :class:`portal.reports.model.ReportSection`;
    - ``migrations/``: the group's Alembic revisions.

    A subclass gives ``group()`` and ``services()``, and overrides any other part it wants to.
    """

    code: str = ""
    package: str = ""
    nav_order: int = 50

    def _module(self, name: str):
        return importlib.import_module(f"{self.package}.{name}")

    def _has_module(self, name: str) -> bool:
        return importlib.util.find_spec(f"{self.package}.{name}") is not None

    def group(self) -> Group:
        raise NotImplementedError

    def services(self) -> list[Service]:
        return []

    def assess(self, person, profile, settings: dict, today: date) -> Eligibility | None:
        return self._module("rules").assess(person, profile, settings, today)

    def default_services(self, category: str | None, settings: dict) -> list[str]:
        """The service codes a person of ``category`` needs: ``settings["services_by_category"]`` (a
        deployment may override it), else ``SERVICES_BY_CATEGORY`` of ``rules.py``; none for a category
        still to confirm."""
        table = settings.get("services_by_category")
        if table is None:
            table = getattr(self._module("rules"), "SERVICES_BY_CATEGORY", {})
        return list(table.get(category, ())) if category else []

    def classify(self, person, profile, sheet: dict[str, str], settings: dict, today: date) -> str | None:
        """The category ``rules.classify(person, profile, sheet, settings, today)`` gives, if the rules have one."""
        classify = getattr(self._module("rules"), "classify", None)
        return classify(person, profile, sheet, settings, today) if classify else None

    def policy(self, settings: dict) -> MatchingPolicy | None:
        return self._module("rules").matching_policy(settings)

    def visits(self) -> list[VisitRule]:
        return list(self._module("rules").VISIT_RULES)

    def periodic(self) -> list:
        return list(getattr(self._module("rules"), "PERIODIC_SERVICES", ()))

    def assistance_hints(self) -> list:
        return list(getattr(self._module("rules"), "ASSISTANCE_HINTS", ()))

    def health_rules(self):
        return getattr(self._module("rules"), "HEALTH_RULES", None)

    def study_rules(self):
        return getattr(self._module("rules"), "STUDY_RULES", None)

    def guardianship_rules(self):
        return getattr(self._module("rules"), "GUARDIANSHIP_RULES", None)

    def duties(self) -> list:
        """The group's duty rules (``DUTY_RULES`` in rules.py, when it has them): see :class:`DutyRule`."""
        return list(getattr(self._module("rules"), "DUTY_RULES", ()))

    def incident_types(self) -> list[IncidentType]:
        return list(getattr(self._module("rules"), "INCIDENT_TYPES", ()))

    def vocabularies(self) -> dict:
        return dict(getattr(self._module("rules"), "VOCABULARIES", {}))

    def family_contacts(self) -> list:
        return list(getattr(self._module("rules"), "FAMILY_CONTACTS", ()))

    def age_limits(self, settings: dict) -> dict[str | None, int]:
        return {}

    def import_columns(self) -> list:
        return list(getattr(self._module("columns"), "IMPORT_COLUMNS", ())) if self._has_module("columns") else []

    def category_names(self) -> dict[str, str]:
        return dict(getattr(self._module("columns"), "CATEGORY_NAMES", {})) if self._has_module("columns") else {}

    def blueprint(self):
        return self._module("views").bp if self._has_module("views") else None

    def migration_dirs(self) -> list[str]:
        folder = os.path.join(os.path.dirname(self._module("__init__").__file__), "migrations")
        return [folder] if os.path.isdir(folder) else []

    def populate_demo(self, demo) -> None:
        pass

    def report_sections(self, report) -> list:
        if not self._has_module("report"):
            return []
        return self._module("report").sections(report, current_plugins().group(self.code))

    @hookimpl
    def guanai_register_groups(self):
        return [self.group()]

    @hookimpl
    def guanai_register_services(self):
        return self.services()

    @hookimpl
    def guanai_assess_eligibility(self, beneficiary, profile, settings, today):
        return self.assess(beneficiary, profile, settings, today) if beneficiary.group == self.code else None

    @hookimpl
    def guanai_get_default_services(self, group, category, settings):
        return self.default_services(category, settings) if group == self.code else []

    @hookimpl
    def guanai_classify_person(self, beneficiary, profile, sheet, settings, today):
        return self.classify(beneficiary, profile, sheet, settings, today) if beneficiary.group == self.code else None

    @hookimpl
    def guanai_get_matching_policy(self, service, settings):
        return self.policy(settings) if service.group == self.code else None

    @hookimpl
    def guanai_get_visit_rules(self, group):
        return self.visits() if group == self.code else []

    @hookimpl
    def guanai_get_periodic_services(self, group):
        return self.periodic() if group == self.code else []

    @hookimpl
    def guanai_get_assistance_hints(self):
        return self.assistance_hints()

    @hookimpl
    def guanai_get_health_rules(self, group):
        return self.health_rules() if group == self.code else None

    @hookimpl
    def guanai_get_study_rules(self, group):
        return self.study_rules() if group == self.code else None

    @hookimpl
    def guanai_get_guardianship_rules(self, group):
        return self.guardianship_rules() if group == self.code else None

    @hookimpl
    def guanai_get_duty_rules(self, group):
        return self.duties() if group == self.code else []

    @hookimpl
    def guanai_get_incident_types(self, group):
        return self.incident_types() if group == self.code else []

    @hookimpl
    def guanai_get_family_contacts(self, group):
        return self.family_contacts() if group == self.code else []

    @hookimpl
    def guanai_get_vocabularies(self):
        return self.vocabularies()

    @hookimpl
    def guanai_get_import_columns(self, group):
        return self.import_columns() if group == self.code else []

    @hookimpl
    def guanai_get_category_names(self, group):
        return self.category_names() if group == self.code else {}

    @hookimpl
    def guanai_get_blueprints(self):
        bp = self.blueprint()
        return [bp] if bp is not None else []

    @hookimpl
    def guanai_get_nav_items(self, user):
        from ..ledger.widgets import group_nav_item  # the ledger's link, when the hook is called: no import circle
        return group_nav_item(self.code, user, order=self.nav_order)

    @hookimpl
    def guanai_get_dashboard_widgets(self, user):
        from ..ledger.widgets import counts_widget  # the ledger's counts box, when the hook is called
        limits = self.age_limits(current_plugins().settings(self.code))
        return counts_widget(self.code, user, limits, order=self.nav_order)

    @hookimpl
    def guanai_get_migration_dirs(self):
        return self.migration_dirs()

    @hookimpl
    def guanai_get_report_sections(self, report):
        return self.report_sections(report) if self.code in [g.code for g in report.groups] else []

    @hookimpl
    def guanai_populate_demo(self, demo):
        self.populate_demo(demo)
