"""The plugin manager and a typed facade over its hooks, kept per app in ``app.extensions["guanai"]``.

Loading follows pluggy's host pattern: the specs, the blocked names from configuration, the portal's own
features (built-in plugins, registered first), then every plugin of the entry-point group, and a check
that no implementation lacks a spec.
"""
from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable
from dataclasses import replace
from datetime import date
from types import ModuleType
from typing import Any

import pluggy
from flask import current_app

from .. import hookspecs
from .records import (Action, AssistanceHint, AssistanceProgramme, CardType, Eligibility, Group, HealthRules,
                      IncidentType, MatchingPolicy, NavItem, PeriodicService, Service, VisitRule, Widget)

ENTRY_POINT_GROUP = "guanai.plugins"


def build_plugin_manager(builtins: Iterable[tuple[str, str]] = (), disabled: Iterable[str] = ()) -> pluggy.PluginManager:
    """Register the built-in features (name, module), then load the entry-point plugins, except the disabled."""
    pm = pluggy.PluginManager("guanai")
    pm.add_hookspecs(hookspecs)
    for name in disabled:
        pm.set_blocked(name)
    for name, module in builtins:
        if not pm.is_blocked(name):
            pm.register(importlib.import_module(module), name=name)
    pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)
    pm.check_pending()  # an implementation with no spec is a plugin bug: fail at start, not later
    check_required(pm)
    return pm


def check_required(pm: pluggy.PluginManager) -> None:
    """Refuse to start when a plugin's ``GUANAI_REQUIRES`` names a plugin that is not loaded (disabled or absent)."""
    loaded = {pm.get_name(plugin) for plugin in pm.get_plugins()}
    missing = [f"plugin {pm.get_name(plugin)!r} needs {need!r}, which is not loaded: turn {pm.get_name(plugin)!r} "
               f"off too (GUANAI_DISABLED_PLUGINS) or load {need!r}"
               for plugin in pm.get_plugins() for need in getattr(plugin, "GUANAI_REQUIRES", ()) if need not in loaded]
    if missing:
        raise RuntimeError("; ".join(missing))


def _joined(results) -> list:
    return [item for result in results if result for item in result]


def _by_plugin(caller) -> list[tuple[str, Any]]:
    """Call a list-returning hook plugin by plugin, keeping who gave what (for messages naming plugins)."""
    return [(impl.plugin_name, item) for impl in caller.get_hookimpls()
            for item in (impl.function() or ())]


class Plugins:
    """Typed access to the hooks: one method per hook keeps call sites easy to find."""

    def __init__(self, pm: pluggy.PluginManager, group_settings: dict[str, dict[str, Any]]):
        self.pm = pm
        self.hook = pm.hook
        self.groups: dict[str, Group] = {}
        self._owner: dict[str, str] = {}
        for plugin, group in _by_plugin(self.hook.guanai_register_groups):
            if group.code in self.groups:
                raise RuntimeError(f"plugins {self._owner[group.code]!r} and {plugin!r} both register the group "
                                   f"{group.code!r}")
            self.groups[group.code], self._owner[group.code] = group, plugin
        self.services: dict[str, Service] = {}
        for plugin, service in _by_plugin(self.hook.guanai_register_services):
            self._add_service(plugin, service)
        self._settings = {code: {**group.settings, **group_settings.get(code, {})}
                          for code, group in self.groups.items()}

    def _add_service(self, plugin: str, service: Service) -> None:
        if service.group not in self.groups:
            raise RuntimeError(f"plugin {plugin!r}: service {service.code!r} names an unknown group {service.group!r}")
        if service.key in self.services:
            raise RuntimeError(f"plugins {self._owner[service.key]!r} and {plugin!r} both offer the service "
                               f"{service.code!r} in the group {service.group!r}")
        self.services[service.key], self._owner[service.key] = service, plugin

    def names(self) -> list[str]:
        """Return the names of the loaded plugins, built-in features included."""
        return sorted(name for name, plugin in self.pm.list_name_plugin() if plugin is not None)

    def group(self, code: str) -> Group:
        return self.groups[code]

    def settings(self, group: str) -> dict[str, Any]:
        """Return the group's effective settings: its defaults overlaid with the deployment's."""
        return self._settings[group]

    def services_of(self, group: str, delivery: str | None = None) -> list[Service]:
        return [s for s in self.services.values() if s.group == group and delivery in (None, s.delivery)]

    def eligibility(self, beneficiary, profile, today: date | None = None) -> Eligibility | None:
        from ..core.time import local_today
        return self.hook.guanai_assess_eligibility(
            beneficiary=beneficiary, profile=profile, settings=self.settings(beneficiary.group),
            today=today or local_today())

    def default_services(self, group: str, category: str | None) -> list[str]:
        """The keys of the services a person of ``group`` and ``category`` needs by the group's rules."""
        codes = _joined(self.hook.guanai_get_default_services(group=group, category=category,
                                                              settings=self.settings(group)))
        keys = [f"{group}.{code}" if "." not in code else code for code in codes]
        return [key for key in dict.fromkeys(keys) if key in self.services]

    def classify(self, beneficiary, profile, sheet: dict[str, str], today: date | None = None) -> str | None:
        """The category the group's rules give a record from what a sheet says, or None (to confirm)."""
        from ..core.time import local_today
        return self.hook.guanai_classify_person(
            beneficiary=beneficiary, profile=profile, sheet=sheet, settings=self.settings(beneficiary.group),
            today=today or local_today())

    def matching_policy(self, service: Service) -> MatchingPolicy | None:
        return self.hook.guanai_get_matching_policy(service=service, settings=self.settings(service.group))

    def visit_rules(self, group: str) -> list[VisitRule]:
        return _joined(self.hook.guanai_get_visit_rules(group=group))

    def periodic_services(self, group: str | None = None) -> list[PeriodicService]:
        """The periodic services in force (of ``group``, or of every group): the deployment's periods applied
        (``settings[group]["periodic"][code]``: months, or False for off)."""
        found = []
        for code in ([group] if group else list(self.groups)):
            override = self.settings(code).get("periodic", {}) if code in self._settings else {}
            for p in _joined(self.hook.guanai_get_periodic_services(group=code)):
                setting = override.get(p.code, None)
                if setting is False:
                    continue
                found.append(replace(p, every_months=int(setting)) if setting is not None else p)
        return found

    def health_rules(self, group: str) -> HealthRules:
        """The group's health rules with the deployment's ranges applied (``settings[group]["health"][measure]``)."""
        rules = self.hook.guanai_get_health_rules(group=group) or HealthRules(group)
        override = self.settings(group).get("health", {}) if group in self._settings else {}
        return replace(rules, ranges={**rules.ranges, **{k: tuple(v) for k, v in override.items()}})

    def assistance_programmes(self) -> dict[str, AssistanceProgramme]:
        """The programmes of the assistance register, by code, in their order."""
        found: dict[str, AssistanceProgramme] = {}
        for plugin, programme in _by_plugin(self.hook.guanai_get_assistance_programmes):
            if programme.code in found:
                raise RuntimeError(f"plugin {plugin!r}: the assistance programme {programme.code!r} is given twice")
            found[programme.code] = programme
        return dict(sorted(found.items(), key=lambda kv: kv[1].order))

    def assistance_hints(self) -> list[AssistanceHint]:
        return _joined(self.hook.guanai_get_assistance_hints())

    def incident_types(self, group: str) -> list[IncidentType]:
        return _joined(self.hook.guanai_get_incident_types(group=group))

    def family_contacts(self, group: str) -> list:
        """Whom outreach tells about a person of ``group`` (FamilyContact), from every plugin."""
        return _joined(self.hook.guanai_get_family_contacts(group=group))

    def sms_channel(self):
        """The installed SMS channel (the first plugin's answer), or None: then letters are printed."""
        return self.hook.guanai_get_sms_channel()

    def person_left(self, person, reason: str, day, actor) -> None:
        self.hook.guanai_on_person_left(person=person, reason=reason, day=day, actor=actor)

    def family_told(self, deliveries: list, actor) -> None:
        self.hook.guanai_on_family_told(deliveries=deliveries, actor=actor)

    def incident_step_overdue(self, incident, step, level: int, recipients: list) -> None:
        self.hook.guanai_on_incident_step_overdue(incident=incident, step=step, level=level, recipients=recipients)

    def visit_rules_in_force(self, group: str) -> list[VisitRule]:
        """The group's rules with the deployment's frequencies (``settings[group]["visits"][helper]``) applied."""
        override = self.settings(group).get("visits", {}) if group in self._settings else {}
        return [replace(r, every_days=int(override.get(r.helper, r.every_days))) for r in self.visit_rules(group)]

    def visit_rules_tracked(self, group: str) -> list[VisitRule]:
        """The rules in force that schedule logged visits."""
        return [r for r in self.visit_rules_in_force(group) if r.tracked]

    def person_sections(self, person, user) -> list[Widget]:
        return sorted(_joined(self.hook.guanai_get_person_sections(person=person, user=user)), key=lambda w: w.order)

    def page_actions(self, page: str, subject, user) -> list[Action]:
        """The buttons and links the features add to ``page`` about ``subject`` for ``user``, in order."""
        return sorted(_joined(self.hook.guanai_get_page_actions(page=page, subject=subject, user=user)),
                      key=lambda a: a.order)

    def page_sections(self, page: str, subject, user) -> list[Widget]:
        """The boxes the features add to ``page`` about ``subject`` for ``user``, in order."""
        return sorted(_joined(self.hook.guanai_get_page_sections(page=page, subject=subject, user=user)),
                      key=lambda w: w.order)

    def row_tags(self, page: str, rows: list, user) -> dict[int, list[str]]:
        """The warnings the features add beside the rows of the list ``page``, by row id."""
        tags: dict[int, list[str]] = {}
        for found in self.hook.guanai_get_row_tags(page=page, rows=rows, user=user):
            for row_id, labels in (found or {}).items():
                tags.setdefault(row_id, []).extend(labels)
        return tags

    def blueprints(self) -> list:
        return _joined(self.hook.guanai_get_blueprints())

    def nav_items(self, user) -> list[NavItem]:
        return sorted(_joined(self.hook.guanai_get_nav_items(user=user)), key=lambda n: n.order)

    def widgets(self, user) -> list[Widget]:
        return sorted(_joined(self.hook.guanai_get_dashboard_widgets(user=user)), key=lambda w: w.order)

    def scope_rules(self) -> list[dict]:
        return [rules for rules in self.hook.guanai_get_scope_rules() if rules]

    def vocabularies(self) -> list[dict]:
        return [v for v in reversed(self.hook.guanai_get_vocabularies()) if v]

    def translation_dirs(self) -> list[str]:
        """The ``translations/`` folder beside each plugin's package, where it has one: every feature and group
        keeps its own catalog, merged at load (so no two features edit one file). In the order the plugins were
        registered, the same in every process: ``get_plugins()`` is a set, and a phrase two catalogs translate
        differently ("Next due": 下次到期 / 下次应做) came out differently from one worker to the next."""
        found = []
        for _name, plugin in self.pm.list_name_plugin():
            if plugin is None:     # a plugin switched off by configuration (blocked): its name only
                continue
            module = plugin if isinstance(plugin, ModuleType) else sys.modules.get(type(plugin).__module__)
            file = getattr(module, "__file__", None)
            folder = os.path.join(os.path.dirname(file), "translations") if file else ""
            if folder and os.path.isdir(folder) and folder not in found:
                found.append(folder)
        return found

    def migration_dirs(self) -> list[str]:
        return _joined(self.hook.guanai_get_migration_dirs())

    def tasks(self) -> list:
        return _joined(self.hook.guanai_get_tasks())
    def card_types(self) -> dict[str, CardType]:
        """The cards group plugins print for their people, by key (``group.code``)."""
        return {card.key: card for card in _joined(self.hook.guanai_get_card_types())}

    def report_sections(self, report) -> list:
        return _joined(self.hook.guanai_get_report_sections(report=report))

    def commendation_measures(self, period) -> list:
        return _joined(self.hook.guanai_get_commendation_measures(period=period))

    def register_commands(self, cli) -> None:
        self.hook.guanai_register_commands(cli=cli)

    def import_columns(self, group: str) -> list:
        """Return the group's own spreadsheet columns (:class:`portal.plugin.ImportColumn`)."""
        return _joined(self.hook.guanai_get_import_columns(group=group))

    def category_names(self, group: str) -> dict[str, str]:
        """Return the words sheets write for the group's categories, with the category codes."""
        return {word: code for names in self.hook.guanai_get_category_names(group=group) if names
                for word, code in names.items()}

    def populate_demo(self, demo) -> None:
        self.hook.guanai_populate_demo(demo=demo)


def current_plugins() -> Plugins:
    """Return the plugin facade of the current app."""
    return current_app.extensions["guanai"]
