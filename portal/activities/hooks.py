"""Activities as a plugin: volunteers' browsing and sign-up, every group's staff pages, scope rules."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints
from ..plugin.records import NavItem
from ..web.forms import form_labels
from .forms import ActivityForm, HoursForm
from .models import Activity, HoursEntry, SignUp
from .scopes import visible_activities, visible_hours, visible_signups


@hookimpl
def guanai_get_page_actions(page, subject, user):
    """A group's ledger list links to the group's activities."""
    if page != "ledger":
        return []
    from flask import url_for

    from ..plugin.records import Action
    return [Action(_l("Activities"), url_for("group_activities.index", group=subject), order=10)]


guanai_get_blueprints = feature_blueprints(__package__, "views", "group_views")


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Activities"), "activities.index", order=30)] if user.role == "volunteer" else []


@hookimpl
def guanai_get_scope_rules():
    return {Activity: visible_activities, SignUp: visible_signups, HoursEntry: visible_hours}


@hookimpl
def guanai_get_vocabularies():
    return {"audit_entities": {"activity": _l("Activity"), "signup": _l("Sign-up"), "hours": _l("Hours")},
            "audit_fields": {**form_labels(ActivityForm), **form_labels(HoursForm), "attended": _l("Attended")},
            "signup_statuses": {"confirmed": _l("Confirmed"), "waiting": _l("On the waiting list"),
                                "cancelled": _l("Cancelled")},
            "activity_statuses": {"open": _l("Open"), "cancelled": _l("Cancelled"), "closed": _l("Closed")},
            # Activities every group holds besides its services (issue 27); a group adds its own under
            # "activity_kinds:<group>" (the children's Children's Day).
            "activity_kinds": {"safety_talk": _l("Safety and law talk"), "training": _l("Training for helpers"),
                               "holiday": _l("Holiday visit and celebration")}}


@hookimpl
def guanai_get_step_down_consequences(volunteer, status):
    """The upcoming activities a volunteer leaves if they pause or leave (their places go to the waiting list)."""
    if status not in ("paused", "left"):
        return []
    from flask_babel import gettext as _

    from ..core.time import format_local
    from ..volunteers.leaving import Consequence
    from .signups import upcoming_signups
    rows = upcoming_signups(volunteer.id)
    if not rows:
        return [Consequence("activities", _("Activities"), (_("No upcoming activity to leave."),),
                            order=20)]
    return [Consequence("activities", _("These %(n)d upcoming activities are left; the waiting list moves up", n=len(rows)),
                        tuple(f"{s.activity.title} · {format_local(s.activity.starts_at)}" for s in rows), order=20)]


@hookimpl
def guanai_on_volunteer_status_changed(volunteer, before, after, reason, actor):
    """A volunteer who pauses or leaves gives back their places in upcoming activities."""
    if after in ("paused", "left"):
        from .signups import leave_upcoming
        leave_upcoming(actor, volunteer.id)
