"""The incident types the group plugins give, with the deployment's deadline overrides applied."""
from __future__ import annotations

from dataclasses import replace

from ..plugin.manager import current_plugins
from ..plugin.records import IncidentType


def _overridden(kind: IncidentType, overrides: dict) -> IncidentType:
    """The type with deadlines from ``overrides`` (``{step code: minutes}``); other steps unchanged."""
    if not overrides:
        return kind
    steps = tuple(replace(step, deadline_minutes=int(overrides[step.code])) if step.code in overrides else step
                  for step in kind.steps)
    return replace(kind, steps=steps)


def types_of(group: str) -> list[IncidentType]:
    """The incident types of ``group``, deadlines as configured (``GUANAI_GROUP_SETTINGS[group]["incidents"]``)."""
    plugins = current_plugins()
    if group not in plugins.groups:
        return []
    overrides = plugins.settings(group).get("incidents", {}) or {}
    return [_overridden(kind, overrides.get(kind.code, {})) for kind in plugins.incident_types(group)]


def all_types() -> dict[str, IncidentType]:
    """Every group's incident types by key (``group.code``)."""
    return {kind.key: kind for group in current_plugins().groups for kind in types_of(group)}


def type_of(key: str) -> IncidentType | None:
    group = key.split(".", 1)[0]
    return next((kind for kind in types_of(group) if kind.key == key), None)
