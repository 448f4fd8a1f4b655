"""The visits' record a group plugin hands over: how often its people are visited, by whom (guanai_get_visit_rules).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass

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
