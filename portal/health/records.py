"""The health file's record a group plugin hands over: its readings' normal ranges (guanai_get_health_rules).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class HealthRules:
    """What a group's health file watches (portal/health): the normal range of each reading, and more.

    ``ranges`` maps a measure (``systolic``, ``diastolic``, ``glucose``, ``height``, ``weight``, ``bmi``) to its
    (low, high) normal range: a reading outside it flags the person. ``tell_family`` makes an illness record
    say when and how the family (a child's parents, 003) was told. ``vaccinations`` shows the vaccination record.
    A deployment overrides a range in ``GUANAI_GROUP_SETTINGS[group]["health"][measure]`` ([low, high]).

    ``by_age`` (a function of the person's sex, ``"M"`` or ``"F"``, and their age in whole months on the day
    measured, returning ``{measure: (low, high)}``) gives ranges that depend on age and sex, as a child's height,
    weight and BMI do; for the measures it returns, they replace ``ranges`` (the children's plugin gives the WHO
    growth reference's, ``plugins/children/growth.py``); since PLUGIN_API 8.
    """

    group: str
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    tell_family: bool = False
    vaccinations: bool = False
    source: str = ""
    by_age: Callable[[str, int], dict[str, tuple[float, float]]] | None = None
