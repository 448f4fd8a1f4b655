"""Activities as a plugin: volunteers' browsing and sign-up, every group's staff pages, scope rules."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.records import NavItem
from ..web.forms import form_labels
from .forms import ActivityForm, HoursForm
from .models import Activity, HoursEntry, SignUp
from .scopes import visible_activities, visible_hours, visible_signups


@hookimpl
def guanai_get_blueprints():
    from . import group_views, views
    return [views.bp, group_views.bp]


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
            "activity_statuses": {"open": _l("Open"), "cancelled": _l("Cancelled"), "closed": _l("Closed")}}
