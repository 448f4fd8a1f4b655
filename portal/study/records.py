"""The study feature's record a group plugin hands over (guanai_get_study_rules).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..core.texts import Text


@dataclass(frozen=True)
class StudyRules:
    """Which of a group's pairings keep a study plan per term, and when a plan is late (portal/study).

    ``services`` are the group's service codes whose pairings keep a plan (a tutoring pairing); ``terms`` the
    terms of the school year, each ``(code, month, day it starts, name)``, a term running until the next one
    starts; a plan is missing when the pairing has none ``plan_within_days`` after the term (or the pairing,
    if later) started. A deployment overrides ``plan_within_days`` in
    ``GUANAI_GROUP_SETTINGS[group]["study"]["plan_within_days"]``.
    """

    group: str
    services: tuple[str, ...] = ()
    terms: tuple[tuple[str, int, int, Text], ...] = (
        ("spring", 3, 1, Text("春季学期", "spring term")), ("autumn", 9, 1, Text("秋季学期", "autumn term")))
    plan_within_days: int = 30
    subjects: tuple[str, ...] = field(default_factory=tuple)   # offered in the forms; any other may be typed
    source: str = ""
