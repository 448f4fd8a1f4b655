"""The records plugins hand to the core through hooks: groups, services, rules, navigation, widgets, tasks."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from ..core.texts import Text, pick

__all__ = ["Action", "CardType", "Category", "Eligibility", "Group", "HealthRules", "ImportColumn", "IncidentStep",
           "IncidentType", "MatchingPolicy", "NavItem", "PeriodicService", "PeriodicTask", "Service", "Task", "Text",
           "VisitRule", "Widget", "service_key"]


def service_key(group: str, code: str) -> str:
    """A service's identity everywhere (database, URLs, match runs): its group and its code."""
    return f"{group}.{code}"


class Named:
    """A record with ``names`` in Chinese and English; ``name`` reads in the current language."""

    names: dict[str, str]

    @property
    def name(self) -> str:
        return pick(self.names)


@dataclass(frozen=True)
class Category(Named):
    """A category of a group's ledger; ``priority`` 1 is the most urgent (it sets matching priority)."""

    code: str
    names: dict[str, str]
    priority: int = 6


@dataclass(frozen=True)
class Group(Named):
    """A group of people the portal serves, contributed by one plugin."""

    code: str
    names: dict[str, str]
    categories: tuple[Category, ...]
    profile_model: Any                       # SQLAlchemy model with beneficiary_id
    profile_form: Any                        # WTForms form class for the profile fields
    settings: dict[str, Any] = field(default_factory=dict)
    profile_template: str | None = None      # partial showing the profile on the detail page
    plugin: str = ""

    def category(self, code: str | None) -> Category | None:
        return next((c for c in self.categories if c.code == code), None)


@dataclass(frozen=True)
class Service(Named):
    """A service a group offers: delivered by pairing a helper with a person, or in sessions."""

    code: str
    group: str
    names: dict[str, str]
    delivery: str = "pairing"                # "pairing" or "session"
    helper_roles: tuple[str, ...] = ("volunteer",)  # several roles: several helpers per person (多对一)
    skills: tuple[str, ...] = ()
    main: bool = False                       # the group's main pairing service, offered first in match runs

    @property
    def key(self) -> str:
        """``group.code``: two groups may both offer a service with the same code."""
        return service_key(self.group, self.code)


@dataclass(frozen=True)
class Eligibility:
    """Whether a person counts for their group, why, and when they age out."""

    eligible: bool
    reasons: tuple[str, ...] = ()
    ages_out_on: date | None = None
    aged_out: bool = False


@dataclass(frozen=True)
class MatchingPolicy:
    """Engine rules and weights for one service, and the unassigned penalty per category."""

    rules: dict[str, Any]
    weights: dict[str, Any]
    category_priority: dict[str, int] = field(default_factory=dict)


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
class PeriodicService(Named):
    """A service each person of a group is owed again and again: a health check every six months (002) ...

    ``every_months`` is the period (0: once in a life, a puberty class from grade 5, 003); ``birthday`` makes
    it due on each birthday instead (the elders' yearly birthday, 002). ``activities`` are the codes of the
    group's session services whose attendance records it (taking part in a health-check session is the health
    check). ``applies`` returns a SQL condition on ``Beneficiary`` narrowing whom it is for (None: every active
    person of the group). A deployment sets ``GUANAI_GROUP_SETTINGS[group]["periodic"][code]`` to a number of
    months, or to False to switch it off.
    """

    code: str
    group: str
    names: dict[str, str]
    every_months: int = 12
    birthday: bool = False
    activities: tuple[str, ...] = ()
    applies: Callable[[], Any] | None = None
    source: str = ""

    @property
    def key(self) -> str:
        return service_key(self.group, self.code)


@dataclass(frozen=True)
class HealthRules:
    """What a group's health file watches (portal/health): the normal range of each reading, and more.

    ``ranges`` maps a measure (``systolic``, ``diastolic``, ``glucose``, ``height``, ``weight``, ``bmi``) to its
    (low, high) normal range: a reading outside it flags the person. ``tell_family`` makes an illness record
    say when and how the family (a child's parents, 003) was told. ``vaccinations`` shows the vaccination record.
    A deployment overrides a range in ``GUANAI_GROUP_SETTINGS[group]["health"][measure]`` ([low, high]).
    """

    group: str
    ranges: dict[str, tuple[float, float]] = field(default_factory=dict)
    tell_family: bool = False
    vaccinations: bool = False
    source: str = ""


@dataclass(frozen=True)
class IncidentStep(Named):
    """One step of an incident: whom to tell, within how many minutes of the incident's clock start."""

    code: str
    names: dict[str, str]
    deadline_minutes: int
    tell: dict[str, str] = field(default_factory=dict)  # who is told, in words (police, the guardian, ...)

    @property
    def whom(self) -> str:
        return pick(self.tell) if self.tell else ""


@dataclass(frozen=True)
class IncidentType(Named):
    """A kind of incident of one group (an emergency, a mandatory report, ...) with its steps and deadlines.

    ``clock_from`` is ``"occurred"`` when the deadlines run from when it happened (an emergency), else
    ``"opened"`` (from when it was reported in the portal). ``triggers`` list what obliges a report;
    ``problem`` is the task team's problem type (004) an incident of this type gets unless the reporter picks one.
    """

    code: str
    group: str
    names: dict[str, str]
    steps: tuple[IncidentStep, ...]
    clock_from: str = "opened"
    triggers: tuple[Any, ...] = ()
    hotline: str = ""
    source: str = ""
    problem: str = ""

    @property
    def key(self) -> str:
        return service_key(self.group, self.code)

    def step(self, code: str) -> IncidentStep | None:
        return next((s for s in self.steps if s.code == code), None)


@dataclass(frozen=True)
class NavItem:
    """A link in the main navigation."""

    label: str
    endpoint: str
    order: int = 50
    kwargs: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Action:
    """A button or link one feature adds to another feature's page (``guanai_get_page_actions``).

    ``url`` is built by the feature that owns the target page (``url_for``); ``primary`` draws it as the page's
    main button; ``count`` is a figure shown beside it (the bell's unread notifications); ``name`` becomes the
    element's id and class (``bell``) so a page's stylesheet and tests can find it.
    """

    label: str
    url: str
    order: int = 50
    primary: bool = False
    count: int | None = None
    name: str = ""


@dataclass(frozen=True)
class Widget:
    """A dashboard box: a template rendered with the context its function returns for the user."""

    title: str
    template: str
    context: Callable[[Any], dict[str, Any]]
    order: int = 50


@dataclass(frozen=True)
class CardType(Named):
    """A card a group plugin prints for some of its people (the lost-elder card, 防走失卡).

    ``template`` is a Jinja template the plugin ships (through a blueprint's template folder); it is
    rendered with ``person``, ``profile`` and what ``context(person, profile)`` returns. ``wanted(person,
    profile)`` says who gets the card in a batch. ``size`` is one of the sheet sizes of the cards feature:
    ``wallet`` (85.6 x 54 mm), ``medium`` (90 x 60 mm) or ``tall`` (90 x 130 mm).
    """

    code: str
    group: str
    names: dict[str, str]
    template: str
    wanted: Callable[[Any, Any], bool]
    context: Callable[[Any, Any], dict[str, Any]] = lambda person, profile: {}
    size: str = "wallet"

    @property
    def key(self) -> str:
        return f"{self.group}.{self.code}"


@dataclass(frozen=True)
class ImportColumn(Named):
    """A spreadsheet column a group reads on import and writes on export (issue 16).

    ``field`` is a profile field (a core field when ``core``); ``names`` the header in Chinese and English
    (written on export, read on import) and ``synonyms`` other headers people use. ``parse`` turns a cell into
    the field's value and raises :class:`portal.transfer.cells.CellError` for a bad cell (default: the text);
    ``show`` turns a value back into a cell. Several columns may fill one text field: each then adds its
    value behind ``prefix`` ("父亲：东莞；母亲：深圳"). A column with ``export`` False is only read; one with a
    ``default`` gives that value to rows whose sheet has no such cell.
    """

    field: str
    names: dict[str, str]
    synonyms: tuple[str, ...] = ()
    parse: Callable[[Any], Any] | None = None
    show: Callable[[Any], Any] | None = None
    prefix: str = ""
    core: bool = False
    export: bool = True
    default: Any = None
    household: bool = False   # names the household when the sheet has no head of household (issue 27)

    @property
    def headers(self) -> tuple[str, ...]:
        return (*self.names.values(), *self.synonyms)


@dataclass(frozen=True)
class Task:
    """Work the queue runs outside a request: a name (``<feature>.<verb>``) and a function of JSON arguments.

    The function runs inside an app context, in a worker (``guanai worker``), and must be safe to run twice
    (a worker that dies mid-task may leave it to be run again).
    """

    name: str
    fn: Callable[..., Any]
    retries: int = 0
    retry_delay: int = 0


@dataclass(frozen=True)
class PeriodicTask:
    """Work the queue runs once per ``period`` ("hour" or "day", in the deployment's time zone).

    Every worker's scheduler looks every ``check_minutes``; the first to claim the period runs
    ``fn(period=<key>)``, the others skip it. A period missed while every machine was off is caught up
    once, at the next look, not once per missed period. ``period=None`` runs ``fn()`` at every look on
    every worker, for bodies that are idempotent by themselves.
    """

    name: str
    fn: Callable[..., Any]
    period: str | None = "day"
    check_minutes: int = 10
