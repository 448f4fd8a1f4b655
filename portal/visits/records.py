"""The visits' record a group plugin hands over: how often its people are visited, by whom (guanai_get_visit_rules).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.records import Named


@dataclass(frozen=True)
class VisitRule(Named):
    """How often a person of a group must be visited, by whom and how (domain.md, "Visits").

    ``helper`` is the rule's code within its group (a visit names the rule it was made for). The rule applies
    to the active people of the group in ``categories`` (empty: every category) who, when ``services`` is
    given, have an active pairing for one of those service codes (with a helper role in ``roles``, when
    given); a rule without services is for the village and township (cadres), not for a paired helper.
    ``holidays`` are the holiday visit campaigns it asks for (codes of the ``holidays`` vocabulary).
    ``tracked=False`` keeps a rule as guidance only (a daily knock is not logged knock by knock).
    A deployment changes ``every_days`` in ``GUANAI_GROUP_SETTINGS[group]["visits"][helper]``.
    """

    helper: str
    every_days: int
    modes: tuple[str, ...]
    names: dict[str, str]
    source: str = ""
    categories: tuple[str, ...] = ()
    services: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    holidays: tuple[str, ...] = ()
    tracked: bool = True

    @property
    def code(self) -> str:
        return self.helper


@dataclass(frozen=True)
class VisitReminderNote:
    """One helper reminded of one visit by the sweep (guanai_on_visit_reminders): ``kind`` is ``due_soon`` or
    ``overdue``; ``user_id`` the helper's account; the person (id, name, place), the rule (code and name, in the
    deployment's language), the local due date and the days overdue (0 when not yet due).

    Added in PLUGIN_API 5."""

    kind: str
    user_id: int
    person_id: int
    person: str
    place_id: int
    rule: str
    rule_name: str
    due_on: date
    days_overdue: int
