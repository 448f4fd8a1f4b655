"""Automatic assignment as a plugin: match runs, their review and commit, pairings, and the match commands."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import NavItem, PeriodicTask, Task
from ..web.access import COORDINATORS
from .models import MatchRun, Pairing
from .scopes import visible_pairings, visible_runs

guanai_get_migration_dirs = feature_migrations(__file__)


guanai_get_blueprints = feature_blueprints(__package__, "views", "listing")


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Match runs"), "runs.index", order=50)] if user.role in COORDINATORS else []


@hookimpl
def guanai_get_scope_rules():
    return {Pairing: visible_pairings, MatchRun: visible_runs}


@hookimpl
def guanai_get_vocabularies():
    return {
        "helper_roles": {"volunteer": _l("any volunteer"), "teacher": _l("teacher"),
                         "caring_family": _l("caring family"), "neighbour": _l("neighbour")},
        "run_statuses": {"queued": _l("Queued"), "building": _l("Building"), "running": _l("Running"), "proposed": _l("Proposed"),
                         "committing": _l("Committing"),
                         "committed": _l("Committed"), "failed": _l("Failed"), "cancelled": _l("Cancelled")},
        "audit_actions": {"commit": _l("committed"), "end": _l("ended"), "assign": _l("paired by hand"),
                          "adjust": _l("locked or forbade pairs"), "lock": _l("locked a pair"),
                          "forbid": _l("forbade a pair"), "clear": _l("cleared a pair"), "cancel": _l("cancelled"),
                          "retry": _l("queued again"), "queue_commit": _l("handed over for commit")},
        "audit_entities": {"match_run": _l("Assignment run"), "pairing": _l("Pairing")},
        "pairing_statuses": {"active": _l("Active"), "ended": _l("Ended"), "declined": _l("Declined"),
                             "suspended": _l("Suspended")},
        "pairing_end_causes": {"left": _l("the helper left"), "paused": _l("the helper paused"),
                               "ended": _l("a coordinator ended the helper's service"),
                               "check": _l("the helper's background check lapsed")},
        "pairing_responses": {"pending": _l("Not answered yet"), "accepted": _l("Accepted"),
                              "declined": _l("Declined")},
        # The audit page's words for a pairing's and a run's fields (issue 27: no Chinese page shows a code).
        "audit_fields_pairing": {"unit": _l("Helped as"), "status": _l("Status"), "response": _l("Answer"),
                                 "response_note": _l("Answer's note"), "started_on": _l("Started on"),
                                 "ended_on": _l("Ended on"), "end_reason": _l("Why it ended"),
                                 "end_cause": _l("What ended it"), "check_flagged_on": _l("Check flagged on"),
                                 "run": _l("Assignment run"), "run_id": _l("Assignment run")},
        "audit_fields_match_run": {"status": _l("Status"), "new": _l("New pairings"), "ended": _l("Pairings ended"),
                                   "locked": _l("Pairs locked"), "forbidden": _l("Pairs forbidden"),
                                   "parent": _l("Run before"), "skipped": _l("Left aside")},
    }


@hookimpl
def guanai_register_commands(cli):
    from .cli import match_group
    cli.add_command(match_group)


@hookimpl
def guanai_get_tasks():
    from .committing import commit_task
    from .ending import sweep_check_flags
    from .runs import execute_run, reap_task
    return [Task("assignment.execute_run", execute_run), Task("assignment.commit_run", commit_task),
            PeriodicTask("assignment.reap_runs", reap_task, period=None, check_minutes=1),
            PeriodicTask("assignment.check_flags", sweep_check_flags, period="day", check_minutes=30)]


@hookimpl
def guanai_get_dashboard_widgets(user):
    """People whose helper went, and pairings flagged by a helper's background check (issue 27)."""
    from ..plugin.records import Widget
    from ..web.access import STAFF
    if user.role not in STAFF:
        return []
    from .ending import counts
    return [Widget(_l("Helpers to find"), "pairings/_widget.html", counts, order=6)]


@hookimpl
def guanai_get_step_down_consequences(volunteer, status):
    """The pairings that end if the volunteer pauses or leaves."""
    from .listing import pairings_ending
    return pairings_ending(volunteer, status)


@hookimpl
def guanai_on_volunteer_status_changed(volunteer, before, after, reason, actor):
    """A volunteer who pauses or leaves (or is ended) no longer helps: their pairings end with the reason."""
    if after not in ("paused", "left"):
        return
    from ..volunteers.leaving import cause_of
    from .ending import end_helper_pairings
    cause = cause_of(volunteer, after, actor)
    words = {"paused": _l("The helper paused"), "left": _l("The helper left"),
             "ended": _l("A coordinator ended the helper's service")}[cause]
    end_helper_pairings(actor, volunteer.id, cause, f"{words}: {reason}" if reason else str(words))
