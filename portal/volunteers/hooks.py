"""Volunteers as a plugin: joining, the volunteer ledger and review, the scope rule, the vocabularies."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints
from ..plugin.records import NavItem, PeriodicTask
from ..web.access import STAFF
from ..web.forms import form_labels
from .forms import VolunteerProfileForm
from .models import Volunteer
from .scopes import visible_volunteers

guanai_get_blueprints = feature_blueprints(__package__, "join", "views")


@hookimpl
def guanai_get_nav_items(user):
    if user.role not in STAFF:
        return []
    return [NavItem(_l("Volunteers"), "volunteers.index", order=60)]


@hookimpl
def guanai_get_scope_rules():
    return {Volunteer: visible_volunteers}


@hookimpl
def guanai_get_vocabularies():
    return {
        "audit_entities": {"volunteer": _l("Volunteer")},
        "audit_fields": form_labels(VolunteerProfileForm),
        "volunteer_kinds": {
            "teacher": _l("Teacher"), "cadre": _l("Cadre"), "caring_mother": _l("Caring mother (爱心妈妈)"),
            "neighbour": _l("Neighbour"), "youth": _l("Youth volunteer"), "caring_family": _l("Caring family"),
            "retired_teacher": _l("Retired teacher"), "veteran": _l("Veteran"), "other": _l("Other")},
        "check_statuses": {"passed": _l("Passed"), "pending": _l("Pending"), "failed": _l("Failed"),
                           "none": _l("Not done"),
                           "expired": _l("Expired")},
        "volunteer_statuses": {"pending": _l("Waiting for approval"), "active": _l("Active"), "paused": _l("Paused"),
                               "left": _l("Left"), "rejected": _l("Rejected")},
        # Skills every group may count; plugins add their own services' skills to this vocabulary.
        "skills": {"counselling": _l("Counselling"), "care": _l("Daily care"), "health": _l("Health care"),
                   "legal_aid": _l("Legal aid"), "shopping": _l("Shopping and errands"),
                   "farming": _l("Farming"), "crafts": _l("Handicrafts"), "ecommerce": _l("E-commerce")},
    }


@hookimpl
def guanai_get_tasks():
    from .checks import sweep_checks
    return [PeriodicTask("volunteers.check_sweep", sweep_checks, period="day", check_minutes=30)]
