"""The record a plugin hands the duties feature: a duty rule (whom, what, how often, which role owns it)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.records import Named, service_key

#: What a duty asks: a home visit, a talk (a teacher's, on the record card), a call with the absent family, the
#: grid's daily knock round (one round per grid and day, not a form per person), or a service given.
DUTY_ACTIONS = ("visit", "talk", "family_call", "knock", "service")
#: Who owns a duty: the village's area cadre (包片干部), the grid's worker, the township's cadre, the class
#: teacher of the person's school class, or the paired helper of the services the rule names.
DUTY_OWNERS = ("village_cadre", "grid_worker", "township_cadre", "class_teacher", "helper")


@dataclass(frozen=True)
class DutyRule(Named):
    """A duty every person it applies to has, with the role that owns it (issue 28; portal/duties/README.md).

    Whom: the active people of the group that hands it over who are in ``categories`` or carry one of
    ``traits`` (both empty: everyone), aged at least ``min_age`` and under ``max_age`` (whole years, when
    given), at one of ``risk_levels`` (when given), and ``paired`` (True: with an active pairing for one of
    ``services``, in ``roles`` when given; False: with none; None: either). ``where``, when given, is a
    function returning a further SQL condition on ``Beneficiary`` (a profile field, say).
    What: ``action`` (one of ``DUTY_ACTIONS``) every ``every_days`` days, or on the dates of ``holidays``
    (codes of the holidays vocabulary; one due item per holiday). Done: a visit logged for the rule's code or one
    of ``counts`` (visit rule codes) -- for holidays a visit with that occasion --, a family contact
    (``family_call``), the grid's knock round (``knock``), or the days ``done()`` returns: a SELECT of
    (beneficiary id, day) rows, for a feature that keeps its own record of the service given; ``records`` then
    names that feature's models (each with a ``beneficiary_id``): a commit writing one of their rows computes the
    person's duties again.
    When: ``due``, when given, replaces ``every_days`` for a period that is not a number of days (months, a
    birthday, once in a life): a function of (the last day done, a SQL date column or NULL; the day the person
    entered the ledger; today) returning the next due day in SQL, NULL when nothing more is due.
    Who owns it: ``owner`` (one of ``DUTY_OWNERS``); for ``class_teacher``, ``unit()`` returns a SELECT of
    (beneficiary id, unit text) naming the person's class. ``source`` cites the seed document.
    A deployment changes ``every_days`` (or the owner) in ``GUANAI_GROUP_SETTINGS[group]["duties"][code]``
    (a number of days, or {"every_days": n, "owner": role}).
    ``quota`` (low, high), when given, makes the rule the owner's and not each person's: every ``every_days``
    days each owner of the rule's role does ``action`` with between ``low`` and ``high`` different people it
    applies to (a teacher's weekly talks with 3-5 pupils, 001), counted from the visits the owner recorded
    for ``code`` or ``counts``; it keeps no row per person and shows on the owner's day.
    ``same_as``, when given, is the code of another duty of the same group that is the same work done another
    way (the elder's yearly birthday: a cadre's visit on the day, or the birthday recorded as a service, 002
    "每年为老人庆祝一次生日" -- once a year, not twice): this rule then keeps no items of its own; the days its
    ``done()`` returns count as done for that duty, and its ``records`` move that duty on. When that duty is not
    in force (a deployment switched it off), this rule stands on its own. (``same_as`` since PLUGIN_API 10.)
    """

    code: str
    names: dict[str, str]
    action: str
    owner: str
    every_days: int | None = None
    holidays: tuple[str, ...] = ()
    source: str = ""
    categories: tuple[str, ...] = ()
    traits: tuple[str, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    risk_levels: tuple[str, ...] = ()
    paired: bool | None = None
    services: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    counts: tuple[str, ...] = ()
    where: Callable[[], Any] | None = None
    done: Callable[[], Any] | None = None
    unit: Callable[[], Any] | None = None
    quota: tuple[int, int] | None = None
    due: Callable[[Any, Any, Any], Any] | None = None
    records: tuple[type, ...] = ()
    same_as: str = ""
    also_done: tuple[Callable[[], Any], ...] = ()   # filled in by the duties feature: the done() of same_as rules
    group: str = ""                          # filled in by the duties feature from the hook's ``group``

    @property
    def key(self) -> str:
        return service_key(self.group, self.code)
