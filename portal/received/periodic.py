"""The record a group plugin hands over for what each person is owed again and again (guanai_get_periodic_services).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.records import Named, service_key


@dataclass(frozen=True)
class PeriodicService(Named):
    """A service each person of a group is owed again and again: a health check every six months (002) ...

    ``every_months`` is the period (0: once in a life, a puberty class from grade 5, 003); ``birthday`` makes
    it due on each birthday instead (the elders' yearly birthday, 002). ``activities`` are the codes of the
    group's session services whose attendance records it (taking part in a health-check session is the health
    check). ``applies`` returns a SQL condition on ``Beneficiary`` narrowing whom it is for (None: every active
    person of the group). A deployment sets ``GUANAI_GROUP_SETTINGS[group]["periodic"][code]`` to a number of
    months, or to False to switch it off. ``duty``, when given, is the code of the group's own duty rule this
    service is another way of doing (the birthday: a cadre's visit on the day or the birthday recorded here,
    002): the duties feature then keeps one duty, done by either (since PLUGIN_API 10).
    """

    code: str
    group: str
    names: dict[str, str]
    every_months: int = 12
    birthday: bool = False
    activities: tuple[str, ...] = ()
    applies: Callable[[], Any] | None = None
    source: str = ""
    duty: str = ""

    @property
    def key(self) -> str:
        return service_key(self.group, self.code)
