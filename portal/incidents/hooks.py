"""Incidents as a plugin: pages, scope rules, vocabularies, migrations and the ``guanai incidents`` commands."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import Action, NavItem, PeriodicTask, Widget
from ..web.forms import form_labels
from .forms import CloseForm, OpenForm, StepForm
from .models import Escalation, Incident, IncidentStepRow
from .scopes import visible_escalations, visible_incidents, visible_steps

guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_page_actions(page, subject, user):
    """"Report an incident" about the person of a ledger page, a pairing, a visit or a person's visits."""
    person = {"person": subject, "visit_person": subject, "pairing": getattr(subject, "beneficiary", None),
              "visit": getattr(subject, "beneficiary", None)}.get(page)
    if person is None:
        return []
    return [Action(_l("Report an incident"), url_for("incidents.new", person=person.id), order=90,
                   primary=page != "visit_person")]


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Incidents"), "incidents.board", order=45)]


@hookimpl
def guanai_get_dashboard_widgets(user):
    from ..core.time import utcnow
    from .board import open_counts
    return [Widget(_l("Incidents"), "incidents/widget.html", lambda u: open_counts(u, utcnow()), order=5)]


@hookimpl
def guanai_get_person_sections(person, user):
    from .board import person_incidents
    return [Widget(_l("Incidents"), "incidents/_person_section.html", lambda u: person_incidents(person, u), order=5)]


@hookimpl
def guanai_get_report_sections(report):
    from .report import incidents_section
    return [incidents_section(report)]


@hookimpl
def guanai_get_tasks():
    """The escalation sweep at every minute's look, on every worker: it is idempotent by itself."""
    from .escalation import escalate_overdue_steps
    return [PeriodicTask("incidents.escalate", escalate_overdue_steps, period=None, check_minutes=1)]


@hookimpl
def guanai_get_scope_rules():
    return {Incident: visible_incidents, IncidentStepRow: visible_steps, Escalation: visible_escalations}


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_get_vocabularies():
    return {
        # The task team collects problems by these four types (004).
        "incident_problems": {"economic": _l("Economic hardship"), "affection": _l("Missing family affection"),
                              "education": _l("Missing education"), "safety": _l("Missing safety")},
        "incident_means": {"phone": _l("Phone call"), "in_person": _l("In person"), "written": _l("Written report"),
                           "message": _l("Message"), "not_needed": _l("Not needed in this case")},
        "incident_statuses": {"open": _l("Being handled"), "closed": _l("Case closed")},
        "audit_actions": {"close": _l("closed"), "escalate": _l("escalated")},
        "audit_entities": {"incident": _l("Incident"), "incident_step": _l("Incident step")},
        "audit_fields": {**form_labels(OpenForm), **form_labels(StepForm), **form_labels(CloseForm),
                         "type_key": _l("Type"), "deadline_at": _l("Deadline")},
    }


@hookimpl
def guanai_register_commands(cli):
    from .cli import incidents_group
    cli.add_command(incidents_group)


@hookimpl(trylast=True)
def guanai_populate_demo(demo):
    """After the groups have added their people (trylast), so there is someone to pair the volunteer with."""
    from .demo import pair_demo_volunteer
    pair_demo_volunteer(demo)


@hookimpl
def guanai_get_offline_kinds():
    """An incident written on a phone without a signal, sent first when it returns (issue 31)."""
    from .offline import offline_kinds
    return offline_kinds()
