"""Hook specifications: the whole plugin API of Guanai.

A plugin is a module (or object) with functions marked ``@hookimpl`` whose names are those below,
found through the entry-point group ``guanai.plugins``::

    [project.entry-points."guanai.plugins"]
    needy = "guanai_needy"

Every hook is called with keyword arguments; a plugin may accept any subset of them. Hooks that
return lists are called on every plugin and their lists are joined; ``firstresult`` hooks stop at the
first plugin that returns something other than None, so a plugin answers only for its own group.

The portal's own features (``portal/auth``, ``portal/ledger``, ``portal/assignment``, ...) are plugins too:
each has a ``hooks`` module registered before the entry-point plugins, through these same hooks. What a
plugin author imports lives in :mod:`portal.plugin`.

A plugin built on another one names it in a module attribute ``GUANAI_REQUIRES`` (a tuple of plugin names, as
``GUANAI_DISABLED_PLUGINS`` names them; added in PLUGIN_API 8): the portal refuses to start, naming both, when one
of them is not loaded, rather than failing on a missing table at the first page.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

import pluggy

if TYPE_CHECKING:  # the types in the signatures below, for readers and type checkers; nothing is imported at run time
    from datetime import date

    import click
    from flask import Blueprint
    from sqlalchemy import ColumnElement

    from .activities.models import Activity, SignUp
    from .assignment.models import Pairing
    from .auth.models import User
    from .background.files import FileJob
    from .demo import DemoCounty
    from .incidents.models import Incident, IncidentStepRow
    from .ledger.models import Beneficiary
    from .notifications.models import Notification
    from .places.contacts import PlaceContact
    from .places.models import Place
    from .plugin.records import (
        Action,
        CheckEnding,
        AssistanceHint,
        AssistanceProgramme,
        CardType,
        DutyRule,
        Eligibility,
        FamilyContact,
        FlaggedHelper,
        Group,
        GuardianshipRules,
        HealthRules,
        ImportColumn,
        IncidentType,
        MatchingPolicy,
        NavItem,
        OfflineKind,
        PeriodicService,
        PeriodicTask,
        Service,
        StudyRules,
        Task,
        VisitReminderNote,
        VisitRule,
        Widget,
    )
    from .reports.context import Report
    from .reports.model import CommendationMeasure, ReportSection
    from .reports.period import Period
    from .outreach.channels import SmsChannel
    from .outreach.models import OutreachDelivery
    from .reverification.models import Cycle
    from .volunteers.leaving import Consequence
    from .volunteers.models import Volunteer

#: The version of the plugin API: raised by one whenever a hook or a record is added (each hook's docstring says in
#: which version it came), so that a plugin can require what it uses: ``portal.plugin.PLUGIN_API >= 2``. A hook is
#: never changed incompatibly under the same name.
PLUGIN_API = 11

hookspec = pluggy.HookspecMarker("guanai")
hookimpl = pluggy.HookimplMarker("guanai")


# --- groups, services and their rules -----------------------------------------------------------

@hookspec
def guanai_register_groups() -> list[Group]:
    """Return a list of :class:`portal.plugin.Group` this plugin adds.

    Called once, when the app is created. A group has a code (``[a-z]+``, used in URLs and tables), names
    in Chinese and English, its categories (each with a priority 1..9, 1 most urgent), its profile model
    (a table with a ``beneficiary_id`` one-to-one with the core ``beneficiaries`` table) and profile form,
    and its settings with their defaults (overridable per deployment in ``GUANAI_GROUP_SETTINGS``).

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_register_services() -> list[Service]:
    """Return a list of :class:`portal.plugin.Service` this plugin offers.

    Called once, when the app is created. A service belongs to one group and says how it is delivered
    (``pairing``: a helper paired with a person; ``session``: scheduled sessions with sign-ups), how many
    helpers each person needs, and the skills that count for it (codes of the ``skills`` vocabulary).
    A service is identified by its group and code (``Service.key``, ``"<group>.<code>"``): two groups
    may offer the same code; the same code twice in one group stops start-up with both plugins named.

    Added in PLUGIN_API 1.
    """


@hookspec(firstresult=True)
def guanai_assess_eligibility(beneficiary: Beneficiary, profile: Any | None, settings: dict[str, Any],
                              today: date) -> Eligibility | None:
    """Return an :class:`portal.plugin.Eligibility` for a beneficiary of the plugin's own group, else None.

    Called whenever a ledger page shows or saves a record. ``profile`` is the group's profile row (or
    None), ``settings`` the group's effective settings, ``today`` the date to judge on. The answer says
    whether the person counts, why, and the date they age out, if any. Stops at the first non-None result.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_get_default_services(group: str, category: str | None, settings: dict[str, Any]) -> list[str]:
    """Return the codes of the services a person of ``group`` in ``category`` needs by the group's rules, or
    an empty list (another group, or nothing by default).

    Called when a record is created (by the form, the import or a task) and when its category changes: the
    record then needs these services (its old category's defaults give way), and match runs of those
    services pick it up. Staff may add or remove services per person afterwards. ``category`` may be None
    (category still to confirm); ``settings`` are the group's effective settings, so that a deployment can
    change the defaults. The lists of every plugin are joined. E.g. the children's classes 1-3 need a caring
    family (004).

    Added in PLUGIN_API 2 (issue 27).
    """


@hookspec(firstresult=True)
def guanai_classify_person(beneficiary: Beneficiary, profile: Any | None, sheet: dict[str, str],
                           settings: dict[str, Any], today: date) -> str | None:
    """Return the category code a record of the plugin's own group falls in by the group's rules, or None
    when that cannot be told (the record is then flagged "category to confirm").

    Called by the spreadsheet import for a row whose sheet gives no category (身份类别). ``beneficiary`` and
    ``profile`` are the record and profile as the row would save them (not yet in the database); ``sheet``
    is ``{column name: cell text}`` of the row's cells, by the canonical Chinese header of each column (the
    core's and the group's import columns: "父亲务工地点", "身体情况", "是否低保" ...), so that a plugin can
    tell what the sheet says from what a profile default says. ``today`` is the local date. Stops at the
    first non-None result.

    Added in PLUGIN_API 2 (issue 27).
    """


@hookspec(firstresult=True)
def guanai_get_matching_policy(service: Service, settings: dict[str, Any]) -> MatchingPolicy | None:
    """Return a :class:`portal.plugin.MatchingPolicy` for a service of the plugin's own group, else None.

    Called when a match run is built. The policy carries the engine's ``rules`` and ``weights`` (see
    matching-format.md) and the unassigned penalty per category; a deployment overrides them in
    ``GUANAI_GROUP_SETTINGS[group]["matching"]``. Stops at the first non-None result.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_get_visit_rules(group: str) -> list[VisitRule]:
    """Return a list of :class:`portal.plugin.VisitRule` for ``group`` (a group code), or an empty list.

    Called when due and overdue visits are computed. Each rule says who visits, how often (in days),
    by which modes, and which seed document it comes from; whom it applies to (categories, and the paired
    services and helper roles that carry it); the holiday visits it asks for; and whether visits are
    logged against it (``tracked``).

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_get_periodic_services(group: str) -> list[PeriodicService]:
    """Return a list of :class:`portal.plugin.PeriodicService` for ``group`` (a group code), or an empty list.

    Called when who is due a periodic service is listed (``portal/received``), when an activity's attendance
    records the services it gives, and on a person's page. Each says how often (months, or on the birthday),
    which of the group's session services give it, whom it is for (a SQL condition on ``Beneficiary``) and
    its seed. Lists of all plugins are joined; a deployment changes the period in
    ``GUANAI_GROUP_SETTINGS[group]["periodic"][code]`` (months, or False to switch it off).

    Added in PLUGIN_API 2.
    """


@hookspec(firstresult=True)
def guanai_get_health_rules(group: str) -> HealthRules | None:
    """Return the :class:`portal.plugin.HealthRules` of ``group`` (a group code) if it is the plugin's own, else None.

    Called when a reading is recorded or a health file shown (``portal/health``): a reading outside a range
    flags the person; ``by_age`` (since API 8) gives ranges by the person's sex and age in months on the day
    measured, in place of ``ranges`` for the measures it returns (a child's height, weight, BMI);
    ``tell_family`` asks an illness record to say that the family was told (003). Stops at the first non-None
    result; a group with none has no ranges and nothing is flagged.

    Added in PLUGIN_API 2.
    """

@hookspec(firstresult=True)
def guanai_get_study_rules(group: str) -> StudyRules | None:
    """Return the :class:`portal.plugin.StudyRules` of ``group`` (a group code) if it is the plugin's own, else None.

    Called when a pairing, a person's page or the list of missing plans is shown (``portal/study``): the pairings
    of the services named keep a study plan per term (学习帮扶计划), with progress entries and a term summary; a
    plan still missing ``plan_within_days`` into the term is listed for coordinators. Stops at the first non-None
    result; a group with none keeps no study plans. A :class:`GroupPlugin` answers with ``STUDY_RULES`` of its
    ``rules.py``.

    Added in PLUGIN_API 7.
    """


@hookspec(firstresult=True)
def guanai_get_guardianship_rules(group: str) -> GuardianshipRules | None:
    """Return the :class:`portal.plugin.GuardianshipRules` of ``group`` (a group code) if it is the plugin's own,
    else None.

    Called when a person's page, guardianship page or the list of guardians without a letter or training is
    shown (``portal/guardianship``): the rules name where the group's profile keeps the guardian, whom the
    responsibility letter (监护责任书) and the training (家长学校) are recorded for. Stops at the first non-None
    result; a group with none has no guardianship pages. A :class:`GroupPlugin` answers with
    ``GUARDIANSHIP_RULES`` of its ``rules.py``.

    Added in PLUGIN_API 7.
    """


@hookspec
def guanai_get_assistance_programmes() -> list[AssistanceProgramme]:
    """Return a list of :class:`portal.plugin.AssistanceProgramme` this plugin adds to the assistance register.

    Called when the register (``portal/assistance``) is shown, imported or counted; the lists of all plugins are
    joined (the feature itself gives 低保, 特困供养, 临时救助, 医疗救助, 高龄补贴, 残疾人两项补贴, 危房改造, 教育资助,
    春蕾计划). Two plugins giving the same code stop start-up.

    Added in PLUGIN_API 3.
    """


@hookspec
def guanai_get_assistance_hints() -> list[AssistanceHint]:
    """Return a list of :class:`portal.plugin.AssistanceHint`: who is likely eligible for a programme, and why.

    Called when the "likely eligible and not applied" list is built: each hint's SQL condition on
    ``Beneficiary`` (for ``group``'s people, or everyone) names people who have no application for its
    programme yet. The lists of all plugins are joined.

    Added in PLUGIN_API 3.
    """


@hookspec
def guanai_get_duty_rules(group: str) -> list[DutyRule]:
    """Return a list of :class:`portal.plugin.DutyRule` for ``group`` (a group code), or an empty list.

    Called by the duties feature (portal/duties) whenever it computes who is due what: at each refresh of its
    due table (on a visit, a family contact, a knock round, a pairing or ledger change, an owner's
    assignment, and daily). Every plugin is asked for every group; the lists are joined. A group plugin
    returns its own group's duties (each citing its seed document in ``source``); a feature may return
    duties of any group, with ``done`` pointing at its own record of what was given, so that its items
    appear in the owners' lists, the overdue list and the reports of the duties feature. Codes are unique
    within a group.

    Added in PLUGIN_API 3.
    """


# --- incidents and mandatory reporting ---------------------------------------------------------------

@hookspec
def guanai_get_incident_types(group: str) -> list[IncidentType]:
    """Return a list of :class:`portal.plugin.IncidentType` for ``group`` (a group code), or an empty list.

    Called when an incident is opened, shown or swept for overdue steps. Each type lists its steps in order,
    each with its deadline in minutes and whom it tells; a deployment overrides a deadline in
    ``GUANAI_GROUP_SETTINGS[group]["incidents"][type code][step code]`` (minutes).

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_incident_step_overdue(incident: Incident, step: IncidentStepRow, level: int,
                                    recipients: list[User]) -> None:
    """Called once per escalation level when a step of an open incident is past its deadline.

    ``incident`` and ``step`` are the rows, ``level`` is 1 (the area: village and township) or 2 (the next
    level up, the county), ``recipients`` the active coordinators of that level. The escalation is recorded
    in the same transaction, so a sweep that runs again does not call this twice for the same step and
    level; the notification centre implements it to tell the recipients. Return value is ignored.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_incident_opened(incident: Incident, kind: IncidentType, actor: User | None) -> None:
    """Called after ``incident`` of type ``kind`` (an ``IncidentType``) was opened by ``actor``, in the same
    transaction (its steps are flushed).

    Return nothing. For urgent types (``kind.urgent``: emergencies, mandatory reports, a missing child) the
    notifications feature tells the coordinators and the group's staff of the area at once (a level up when
    there is nobody), by email and a plugin's channel as well as the bell.

    Added in PLUGIN_API 2 (issue 27).
    """


@hookspec(firstresult=True)
def guanai_get_place_contacts(place: Place) -> list[PlaceContact] | None:
    """Called by the incident page for the incident's place. Return whom to call for ``place``: a list of
    ``portal.places.contacts.PlaceContact`` (police, ambulance, the hotlines, the area cadre, the township's
    civil-affairs office, the clinic, ...), each place inheriting what the places above it recorded. Stops at
    the first plugin that answers.

    The cards feature answers with the contacts coordinators keep (``/cards/contacts``); without an answer the
    national numbers (110, 120, 12345, 12338) apply. The incident page shows them as tap-to-call links.

    Added in PLUGIN_API 2 (issue 27).
    """


# --- web pages ------------------------------------------------------------------------------------

@hookspec
def guanai_get_blueprints() -> list[Blueprint]:
    """Return a list of Flask blueprints to register.

    Called once, in ``create_app``. A group plugin's blueprint is mounted under ``/g/<group code>`` when its
    name is the group code; other blueprints keep their own ``url_prefix``. Every group's ledger and
    activity pages are mounted by the core under ``/g/<group code>/``: a plugin writes views only for
    pages of its own.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_get_page_actions(page: str, subject: Any, user: User) -> list[Action]:
    """Return a list of :class:`portal.plugin.Action`, the buttons and links to add to another feature's page.

    Called when a page that offers actions renders for ``user`` (signed in), so that a feature links to its
    own pages from another's without that one naming it: ``page`` names the place on the page and ``subject``
    is what it is about:

    - ``"header"`` (``None``): the top bar of every page (the notifications' bell);
    - ``"person"`` (a ``Beneficiary``): a person's ledger page;
    - ``"ledger"`` (a group code): a group's ledger list (its filters are in ``flask.request.args``);
    - ``"volunteers"`` (``None``): the volunteers list; ``"volunteer"`` (a ``Volunteer``): a volunteer's page;
    - ``"my_pairings"`` (``None``): the head of a volunteer's *My pairings*; ``"pairing"`` (a ``Pairing``): one
      pairing on it;
    - ``"visit"`` (a ``Visit``): a logged visit; ``"visit_person"`` (a ``Beneficiary``): a person's visits.

    Return only what the user may follow, and nothing for pages the feature does not know. The lists of every
    plugin are joined and ordered by ``order``. Added in PLUGIN_API 2.
    """


@hookspec
def guanai_get_page_sections(page: str, subject: Any, user: User) -> list[Widget]:
    """Return a list of :class:`portal.plugin.Widget`, boxes to add to another feature's page, or an empty list.

    Called when a page that offers sections renders for ``user``: ``page`` names it and ``subject`` is what it
    is about; ``"my_page"`` (a ``Volunteer``): a volunteer's own page, ``/me/`` (the visits feature adds whom
    to visit); ``"head"`` (``None``): the ``<head>`` of every page for a signed-in user, for ``<link>`` and
    ``<script src>`` elements only (the offline feature's manifest and phone script). Each box's template is rendered with what its ``context(user)`` returns; ``name`` becomes its
    element id. What it shows must be scoped to the user. The lists are joined and ordered by ``order``. (A
    person's ledger page has its own hook, ``guanai_get_person_sections``.)

    Added in PLUGIN_API 2.
    """


@hookspec
def guanai_get_row_tags(page: str, rows: list[Any], user: User) -> dict[int, list[str]]:
    """Return a dict ``{row id: [label, ...]}``: short warnings to show beside rows of another feature's list.

    Called when a list that offers tags renders for ``user``, with ``page`` its name and ``rows`` the rows of
    the page shown: ``"volunteers"`` (``Volunteer`` rows; re-verification tags those without training this
    year). Read what is needed for all rows in one query. The dicts of every plugin are merged, their labels
    joined. Added in PLUGIN_API 2.
    """


@hookspec
def guanai_get_nav_items(user: User) -> list[NavItem]:
    """Return a list of :class:`portal.plugin.NavItem` to show in the main navigation for ``user``.

    Called on every page render for a signed-in user; return only what the user may open.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_get_dashboard_widgets(user: User) -> list[Widget]:
    """Return a list of :class:`portal.plugin.Widget` for the dashboard of ``user``.

    Called when the dashboard renders. A widget names a template and a function returning its context;
    the data it shows must come through ``portal.scoping`` so that it respects the user's jurisdiction.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_get_migration_dirs() -> list[str]:
    """Return a list of Alembic version directories holding the plugin's migrations.

    Called whenever migrations run. A plugin's first revision depends on the core's first revision
    (``core_0001``) and carries the plugin's branch label, so ``guanai db upgrade heads`` creates it.

    Added in PLUGIN_API 1.
    """


# --- shared machinery -------------------------------------------------------------------------------

@hookspec
def guanai_get_scope_rules() -> dict[type, Callable[[User], ColumnElement[bool]]]:
    """Return a dict mapping a model class to its visibility rule, a function ``rule(user)``.

    Called once, in ``create_app``. The rule returns a SQLAlchemy WHERE clause limiting the model's rows to
    what ``user`` may see (role, group, jurisdiction); ``portal.core.scoping.scoped`` applies it to every
    query. Each model has one rule: a second rule for the same model stops start-up.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_get_vocabularies() -> dict[str, dict[str, Any]]:
    """Return a dict ``{vocabulary name: {code: label}}`` of codes the plugin owns, with their labels.

    Called once, in ``create_app``. Labels are :class:`portal.plugin.Text` (Chinese and English) or lazy
    translated strings. Vocabularies of the same name from several plugins are joined (the core's
    ``skills``, ``volunteer_kinds``, ``visit_modes`` and statuses; a plugin adds the skills and needs of its
    own services). Pages show labels, never bare codes; matching compares codes.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_register_commands(cli: click.Group) -> None:
    """Add the plugin's command-line commands to ``cli``, the ``guanai`` click group.

    Called once, in ``create_app``. Use ``cli.add_command(...)``; commands run inside an app context.

    Added in PLUGIN_API 1.
    """


# --- data ----------------------------------------------------------------------------------------

@hookspec
def guanai_populate_demo(demo: DemoCounty) -> None:
    """Add the plugin's demo records through ``demo``, a :class:`portal.demo.DemoCounty`.

    Called by ``guanai demo`` after the core has made places, households, volunteers and users; the
    plugin adds its beneficiaries with profiles. Use ``demo.rng`` so the county is the same every time.

    Added in PLUGIN_API 1.
    """


# --- background work --------------------------------------------------------------------------------

@hookspec
def guanai_get_tasks() -> list[Task | PeriodicTask]:
    """Return a list of :class:`portal.plugin.Task` and :class:`portal.plugin.PeriodicTask` the plugin runs.

    Called once, in ``create_app``, when the app's queue is built. A task is enqueued by name with JSON
    arguments (``portal.core.queue.enqueue("<name>", key=value)``) and run by a worker (``guanai worker``)
    inside an app context; a periodic task runs once per hour or day whatever the number of workers.
    Names are ``<plugin>.<verb>`` and unique: the same name twice stops start-up.

    Added in PLUGIN_API 1.
    """


# --- events: fired by the features after their work, in the same transaction ------------------------
#
# An event hook is called on every plugin with the changed rows; what a listener adds to the session
# (notifications, for example) is committed with the change itself, or not at all.

@hookspec
def guanai_on_pairing_created(pairing_ids: list[int], actor: User | None) -> None:
    """Called after a committed match run (or a coordinator) created pairings, with ``pairing_ids`` their ids.

    A county run creates 20,000 at once: a listener reads what it needs of them with set-based queries (in
    the same transaction: the rows are flushed, not committed). ``actor`` is the user who committed, or
    None for the system. Return nothing. The notifications feature tells each volunteer of their new
    pairings.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_pairings_replaced(pairing_ids: list[int], run_id: int, actor: User | None) -> None:
    """Called when a committed match run has ended the pairings it replaces, with ``pairing_ids`` their ids: each
    person has another helper in the run, or none (the run left them unpaired). In the same transaction, before
    ``guanai_on_pairing_created`` tells of the run's new pairings.

    A county run ends thousands at once: read what you need of them with set-based queries (the rows are
    flushed, not committed). ``run_id`` is the match run, ``actor`` the user who committed. Return nothing.
    The duties and visits features compute those people's due days again; nobody is told (the run's new
    helpers are, by ``guanai_on_pairing_created``).

    Added in PLUGIN_API 11.
    """


@hookspec
def guanai_on_pairing_declined(pairing: Pairing, actor: User | None) -> None:
    """Called after a volunteer declined ``pairing`` (its ``response_note`` says why); ``actor`` declined it.

    Return nothing. The person returns to the next run; the notifications feature tells the coordinators
    whose area holds the person.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_activity_changed(activity: Activity, change: str, actor: User | None) -> None:
    """Called after staff changed ``activity``: ``change`` is ``"updated"`` or ``"cancelled"``.

    Return nothing. The notifications feature tells every volunteer with a live sign-up.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_background_check_expiring(volunteer: Volunteer, expires_on: date, days_left: int) -> None:
    """Called by the daily sweep for a volunteer whose passed background check ends on ``expires_on``.

    ``days_left`` is 30 or fewer before it ends, 0 or less once it has ended (an expired check counts as
    not passed for work with minors until it is renewed). The sweep calls once per check and stage, so a
    listener may act every time it is called. Return nothing.

    Since PLUGIN_API 5 the sweep first calls ``guanai_on_background_checks_ending`` once with every check, and
    calls this hook per check only when some plugin implements it (a county's day can end thousands).

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_background_checks_ending(checks: list[CheckEnding], today: date) -> None:
    """Called once per run of the daily check sweep with every passed check that reached a new stage on ``today``
    (a list of :class:`portal.plugin.CheckEnding`: ``expiring`` within 30 days, or ``expired``), after the sweep
    recorded each stage, so the same check and stage never comes twice; not called when there is none.

    Act on the whole list at once (one statement, not one per check): the notification centre tells each
    volunteer with an account of their own check and each coordinator once, with the counts of their area and a
    link to the list of those volunteers. Return nothing.

    Added in PLUGIN_API 5.
    """


@hookspec
def guanai_get_counted_hours_clause() -> ColumnElement[bool] | None:
    """Called wherever hours are added up. Return a SQLAlchemy WHERE clause on
    ``portal.activities.models.HoursEntry`` that the hours must meet to count in totals, reports and the
    commendation ranking, or None.

    Called on every plugin; the clauses are joined with AND (``portal.activities.hours.counted``). The
    re-verification feature answers "confirmed by staff or a coordinator" (issue 27); hours that do not count
    yet are shown as pending. With no clause, every hour logged counts.

    Added in PLUGIN_API 2.
    """


@hookspec
def guanai_on_volunteer_status_changed(volunteer: Volunteer, before: str, after: str, reason: str,
                                       actor: User | None) -> None:
    """Called after a volunteer's status changed from ``before`` to ``after`` (``"active"``, ``"paused"``,
    ``"left"``), by their own choice or because a coordinator ended their service; ``reason`` is in words.

    ``actor`` is the user who made the change: the volunteer's own account, or the coordinator. Return
    nothing. On ``"paused"`` and ``"left"`` the assignment feature ends the volunteer's active pairings (each
    person then needs a new helper and returns to the next run) and the activities feature cancels their
    upcoming sign-ups; what a listener does is shown beforehand by ``guanai_get_step_down_consequences``.

    Added in PLUGIN_API 2.
    """


@hookspec
def guanai_get_step_down_consequences(volunteer: Volunteer, status: str) -> list[Consequence]:
    """Called before a volunteer (or a coordinator) confirms a pause or leaving. Return what will happen if
    ``volunteer`` moves to ``status`` (``"paused"`` or ``"left"``): a list of ``portal.volunteers.leaving.Consequence`` (a title and one line
    per thing that ends), or an empty list when nothing of the plugin's is touched.

    Called on every plugin; the lists are joined and shown in ``order``. Read only: change nothing here, act
    in ``guanai_on_volunteer_status_changed``.

    Added in PLUGIN_API 2.
    """


@hookspec
def guanai_on_person_left(person: Beneficiary, reason: str, day: date, actor: User | None) -> None:
    """Called after ``person`` left the ledger (``reason`` a code such as ``"deceased"``, ``"moved"``, ``"aged_out"``,
    on ``day``), in the same transaction; their record and history stay.

    ``actor`` is the user who recorded it. Return nothing. The mutual-aid groups feature ends the person's
    membership of their group (audited, with the reason), so that a leader's page no longer lists them.

    Added in PLUGIN_API 9.
    """


@hookspec
def guanai_on_pairings_ended(pairing_ids: list[int], cause: str, actor: User | None) -> None:
    """Called after active pairings ended because of their helper: ``cause`` is ``"left"`` or ``"paused"``
    (the helper's choice), ``"ended"`` (a coordinator ended the helper's service) or ``"check"`` (the helper's
    background check lapsed past the grace period: the pairings are suspended).

    Each person of ``pairing_ids`` now needs a new helper for that service and is in the next run. ``actor``
    is the user, or None for the daily sweep. Return nothing. The notifications feature tells the coordinators
    and the group's staff whose area holds each person. Since PLUGIN_API 8 the daily sweep's suspensions (cause
    ``"check"``) come all together in ``guanai_on_helpers_suspended`` instead.

    Added in PLUGIN_API 2.
    """


@hookspec
def guanai_on_helpers_suspended(flags: list[FlaggedHelper], suspended_on: date) -> None:
    """Called once per run of the daily flag sweep with every helper whose pairings with minors it suspended on
    ``suspended_on`` (the sweep's day; flagged for the grace period ``GUANAI_CHECK_GRACE_DAYS`` without a passed check): a list of
    :class:`portal.plugin.FlaggedHelper`, each with the pairing ids suspended and the people's names. Each of those
    people now needs a new helper and is in the next run. Not called when there is none.

    Act on the whole list at once: the notification centre tells each helper with an account, and each coordinator
    of their areas ONE notice with the counts and a link to the people who need a new helper. Return nothing.

    Added in PLUGIN_API 8.
    """


@hookspec
def guanai_on_pairings_flagged(volunteer: Volunteer, pairing_ids: list[int], suspend_on: date) -> None:
    """Called by the daily sweep when it first finds ``volunteer``'s background check pending or expired while
    they hold ``pairing_ids``, pairings for work with minors (services whose rules ask for a passed check).

    The pairings are flagged wherever they are shown and will be suspended on ``suspend_on`` (the grace
    period ``GUANAI_CHECK_GRACE_DAYS`` after) unless a coordinator records a passed check before. Called
    once per flagged pairing. Return nothing. The notifications feature tells the helper what to do and the
    coordinators of their area.

    Added in PLUGIN_API 2.
    """


@hookspec
def guanai_on_helpers_flagged(flags: list[FlaggedHelper], suspend_on: date) -> None:
    """Called once per run of the daily flag sweep with every helper it first found with a pending or expired
    background check while holding pairings with minors (a list of :class:`portal.plugin.FlaggedHelper`);
    ``suspend_on`` is the day those pairings are suspended unless a passed check is recorded first. Not called
    when there is none; each pairing comes once (its flag is remembered).

    Act on the whole list at once: the notification centre tells each helper with an account what to do, and each
    coordinator of their areas ONE notice with the counts and a link to the flagged pairings (a day when 6,373
    checks ended put 952 notices on one coordinator's bell, issue 32). ``guanai_on_pairings_flagged`` is called
    per helper afterwards only when some plugin implements it. Return nothing.

    Added in PLUGIN_API 6.
    """


@hookspec
def guanai_on_signup_promoted(signup: SignUp, actor: User | None) -> None:
    """Called after ``signup`` moved up from an activity's waiting list to a confirmed place (someone cancelled).

    ``actor`` is whoever cancelled (None for the system). Return nothing. The notifications feature tells
    the volunteer, in the portal and by email.

    Added in PLUGIN_API 2.
    """


@hookspec
def guanai_on_file_ready(job: FileJob) -> None:
    """Called after a worker made a file someone asked for on the queue (a township's card PDF, a county's export,
    a county report's PDF or workbook): ``job`` is the ``portal.background.files.FileJob``, its owner
    ``job.user_id``, its words ``job.title``, its page ``job.url()`` (download from there until
    ``job.expires_at``). Return nothing; the notifications feature puts it on the owner's bell. The file itself
    is its owner's only: do not send it anywhere.

    Added in PLUGIN_API 4.
    """


@hookspec
def guanai_on_file_failed(job: FileJob) -> None:
    """Called when a file someone asked for on the queue could not be made: the task failed (``job.error`` says
    why, in the owner's words), or no worker moved it for ``GUANAI_FILE_STALE_MINUTES`` (found by the hourly sweep
    or when its page is opened). ``job`` is the ``portal.background.files.FileJob``, its owner ``job.user_id``, its
    page ``job.url()``. Return nothing; the notifications feature tells the owner once.

    Added in PLUGIN_API 8.
    """


@hookspec
def guanai_deliver_notification(notification: Notification, user: User, channel: str) -> bool | None:
    """Deliver ``notification`` to ``user`` through a channel of the plugin's own (SMS, WeChat, ...).

    Called by the delivery task for every notification not delivered in the portal only, with
    ``channel`` the user's choice for its kind (``"email"`` or ``"digest"``; email itself is sent by the
    core when ``GUANAI_SMTP_HOST`` is set). ``notification.text()`` and ``notification.url()`` give the words
    and the link. Return True if the plugin delivered it, else None. A provider that needs an approved
    signature and template (SMS in China) maps ``notification.kind`` to its template here.

    Added in PLUGIN_API 1.
    """


# --- printed cards --------------------------------------------------------------------------------

@hookspec
def guanai_get_card_types() -> list[CardType]:
    """Return a list of :class:`portal.plugin.CardType` the plugin prints for people of its group.

    Called when a person's page or a batch of cards is printed. The cards feature lays the cards out
    (A4 sheets with cut marks, or one card per page) and decides who may print whose; the plugin's
    template says what is on the card. A card carries only what its holder needs, never an ID number.

    Added in PLUGIN_API 1.
    """


# --- visits ----------------------------------------------------------------------------------------

@hookspec
def guanai_get_person_sections(person: Beneficiary, user: User) -> list[Widget]:
    """Return a list of :class:`portal.plugin.Widget` to show on a person's ledger page, or an empty list.

    Called when the ledger page of ``person`` (a ``Beneficiary``) renders for ``user``. A section names a
    template and a function of the user returning its context; what it shows must be scoped to the user.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_visit_due_soon(user: User, person: Beneficiary, rule: VisitRule, due_on: date) -> None:
    """Called once when a visit to ``person`` by the rule ``rule`` falls due within a few days.

    ``user`` is the helper to remind (a ``User``), ``rule`` a :class:`portal.plugin.VisitRule`, ``due_on``
    the local date it is due. The reminder sweep records each call, so one due date is reminded once.
    Return value is ignored.

    Since PLUGIN_API 5 the sweep calls this per reminder only when some plugin implements it; the notification
    centre listens to ``guanai_on_visit_reminders``, called once with all of them.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_visit_overdue(user: User, person: Beneficiary, rule: VisitRule, due_on: date, days_overdue: int) -> None:
    """Called once when a visit to ``person`` by the rule ``rule``, due on ``due_on``, is overdue.

    ``user`` is the helper to remind (a ``User``); ``days_overdue`` counts the days since ``due_on``.
    The reminder sweep records each call, so one overdue visit is reminded once. Return value is ignored.

    Since PLUGIN_API 5 the sweep calls this per reminder only when some plugin implements it; the notification
    centre listens to ``guanai_on_visit_reminders``, called once with all of them.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_overdue_digest(user: User, rows: list[Any], week_of: date) -> None:
    """Called once a week for each coordinator with overdue visits in their area.

    ``user`` is the coordinator (a ``User``), ``rows`` the overdue visits in their area (each with the
    person, the rule, the due date, the days overdue and the helper), ``week_of`` the Monday of the week.
    Return value is ignored.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_visit_reminders(reminders: list[VisitReminderNote], today: date) -> None:
    """Called once per run of the visit reminder sweep with every reminder it sends for the first time on
    ``today`` (a list of :class:`portal.plugin.VisitReminderNote`, ``due_soon`` and ``overdue`` mixed), after the
    sweep recorded them, so a reminder never comes twice; not called when there is none.

    A county's first sweep holds tens of thousands: act on the list at once (the notification centre adds every
    helper's notice with one INSERT ... SELECT). Return value is ignored.

    Added in PLUGIN_API 5.
    """


# --- import and export (portal/transfer) ----------------------------------------------------------

@hookspec
def guanai_get_import_columns(group: str) -> list[ImportColumn]:
    """Return a list of :class:`portal.plugin.ImportColumn` for ``group`` (a group code), or an empty list.

    Called when a spreadsheet is imported into the group's ledger, when a list is exported and when a
    template is made. Each column names its profile field, its headers (the usual Chinese names and their
    synonyms), how a cell is read and written, and optionally a default for rows without it (a group
    whose members are all female needs no 性别 column). The lists of every plugin are joined; the core columns
    (name, gender, date of birth, ID number, phone, address, category, ...) are the core's.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_get_category_names(group: str) -> dict[str, str]:
    """Return a dict ``{word: category code}`` of what sheets write in 身份类别 for ``group``, or an empty dict.

    Called when a mixed sheet is imported: a row goes to the group whose word its 身份类别 cell holds, with
    that category ("独居老人" names the old people's group and its category ``alone``). The group's name
    and its categories' names are known without this hook; it adds the other words people use. The dicts
    of every plugin are joined.

    Added in PLUGIN_API 1.
    """


# --- reports -------------------------------------------------------------------------------------

@hookspec
def guanai_get_report_sections(report: Report) -> list[ReportSection]:
    """Return a list of :class:`portal.plugin.ReportSection` for ``report`` (a :class:`portal.reports.context.Report`).

    Called each time a quarterly or annual report is built (the page, its print layout, the spreadsheet and
    ``guanai report``). ``report`` carries the period (``report.period``: year, quarter, start, end), the area
    (``report.place``), the groups in the user's view (``report.groups``) and the SQL pieces every section
    shares: ``people_where(group)`` (scoped to the user and the area), ``on_ledger_at_end()``,
    ``paired_at_end(group)``, ``age_band(...)``, ``count_at_end_by(...)`` and ``at_end_crosstab(...)`` (add its
    rows up with ``portal.plugin.tally``). Compute figures with SQL aggregates,
    never by loading rows. A section of one group sets ``group`` and is left out for users who cannot see
    that group. Sections from all plugins are joined and ordered by group, then ``order``.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_get_commendation_measures(period: Period) -> list[CommendationMeasure]:
    """Return a list of :class:`portal.plugin.CommendationMeasure` of helpers' work in ``period`` (a year).

    Called when the year-end commendation (评比表彰) ranks helpers. Each measure is a SQL SELECT of the columns
    ``vid`` (volunteer id) and ``n`` (the figure), grouped by volunteer; the core gives hours, pairings kept and
    accepted and sessions attended, a feature adds its own (visits on time, incidents handled). Helpers are
    ranked by the measures in their ``order``.

    Added in PLUGIN_API 1.
    """


# --- re-verification ---------------------------------------------------------------------------------

@hookspec
def guanai_on_cycle_due_soon(user: User, cycle: Cycle, pending: int, due_on: date) -> None:
    """Called once per coordinator when a re-verification cycle of their area nears its due date unfinished.

    ``user`` is the coordinator or village cadre to remind (a ``User``), ``cycle`` the
    ``portal.reverification.models.Cycle``, ``pending`` how many people are still unchecked, ``due_on`` the
    local due date. The reminder sweep records each call, so a cycle is reminded once. Return value is ignored.

    Added in PLUGIN_API 1.
    """


@hookspec
def guanai_on_cycle_overdue(user: User, cycle: Cycle, pending: int, days_overdue: int) -> None:
    """Called once per coordinator when a re-verification cycle of their area passed its due date unfinished.

    ``user`` is the coordinator to remind, ``cycle`` the cycle, ``pending`` how many people are still
    unchecked, ``days_overdue`` the days since the due date. The reminder sweep records each call, so an
    overdue cycle is reminded once. Return value is ignored.

    Added in PLUGIN_API 1.
    """


# --- outreach to families who are not users (003: 致家长一封信, 群发短信; 001: monthly contact) ---------------

@hookspec
def guanai_get_family_contacts(group: str) -> list[FamilyContact]:
    """Return a list of :class:`portal.plugin.FamilyContact` for ``group`` (a group code), or an empty list.

    Called when a message or letter is composed for the families of a village, a mutual-aid group or a list:
    each names a relation (the absent parents of a child, a woman's husband away) and the profile fields holding
    its name and number. The lists of every plugin are joined.

    Added in PLUGIN_API 3.
    """


@hookspec(firstresult=True)
def guanai_get_sms_channel() -> SmsChannel | None:
    """Return the SMS channel outreach sends through (a :class:`portal.outreach.channels.SmsChannel`), or None.

    Called each time a message is sent. A provider plugin is one class: ``send(phone, text, key)`` returns the
    provider's reference or raises ``ChannelError``; ``key`` is the same on a retry, for providers that
    deduplicate. The first plugin that answers wins; with none, outreach prints A4 letters instead.

    Added in PLUGIN_API 3.
    """


@hookspec
def guanai_on_family_told(deliveries: list[OutreachDelivery], actor: User | None) -> None:
    """Called after outreach told families, with the ``deliveries`` sent (SMS) or printed (letters) in this go.

    Each delivery names the person (``beneficiary_id``), the relation (``relation``), the channel and the time
    (``done_at``); ``counts_as_contact`` marks the relations whose telling counts as contact with the absent
    family (001: monthly contact), which a duties feature records. Called once per delivery, never on a retry
    of a delivery already done. Return nothing.

    Added in PLUGIN_API 3.
    """


# --- offline: the helper's day on a phone without a signal (issue 31) -----------------------------------------

@hookspec
def guanai_get_offline_kinds() -> list[OfflineKind]:
    """Return a list of :class:`portal.plugin.OfflineKind`: the kinds of item a helper may write on a phone without
    a signal and send when it returns (a visit, a follow-up done, a knock round, an incident, a health reading).

    Called by the offline feature (portal/offline) when it builds a helper's day (``GET /offline/day.json``: the
    kinds' forms described field by field, the people the kinds bring in, what each kind tells of them) and when an
    item arrives (``POST /offline/items/<name>``): its form validates the fields, its ``create`` makes the item
    through the feature's own service function in the same transaction as the receipt that makes a retry harmless,
    and raises ``OfflineRefused`` (reason in words, field errors) for an item it will not keep. The lists of every
    plugin are joined, in ``order``; two plugins giving one name stop start-up with both named. A feature registers
    its own kinds; the offline feature names none.

    Added in PLUGIN_API 4.
    """
