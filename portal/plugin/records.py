"""The records plugins hand to the core through hooks: groups, services, rules, navigation, widgets, tasks."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Callable

from ..core.records import Named, service_key
from ..core.texts import Text

__all__ = ["Action", "AssistanceHint", "AssistanceProgramme", "CardType", "Category", "DutyRule", "Eligibility", "FamilyContact",
           "CheckEnding", "FlaggedHelper", "Group", "GuardianshipRules", "HealthRules", "ImportColumn", "IncidentStep", "IncidentType", "MatchingPolicy", "NavItem",
           "OfflineKind", "PeriodicService", "PeriodicTask", "Service", "StudyRules", "Task", "Text", "VisitReminderNote", "VisitRule", "Widget", "service_key"]


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
    name: str = ""  # the element id of a page section (guanai_get_page_sections), for links and tests


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


# The records that belong to one feature live with it, re-exported here (and by ``portal.plugin``).
from ..assistance.records import AssistanceHint, AssistanceProgramme  # noqa: E402
from ..cards.records import CardType  # noqa: E402
from ..duties.records import DutyRule  # noqa: E402
from ..guardianship.records import GuardianshipRules  # noqa: E402
from ..health.records import HealthRules  # noqa: E402
from ..incidents.records import IncidentStep, IncidentType  # noqa: E402
from ..offline.records import OfflineKind  # noqa: E402
from ..outreach.records import FamilyContact  # noqa: E402
from ..received.periodic import PeriodicService  # noqa: E402
from ..study.records import StudyRules  # noqa: E402
from ..transfer.records import ImportColumn  # noqa: E402
from ..visits.records import VisitReminderNote, VisitRule  # noqa: E402
from ..volunteers.records import CheckEnding, FlaggedHelper  # noqa: E402
