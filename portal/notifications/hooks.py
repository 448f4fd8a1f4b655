"""Notifications as a plugin: the centre's pages, the bell, its tables, its delivery tasks and event listeners."""
from __future__ import annotations

import os

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import Action, PeriodicTask, Task
from .listeners import (  # noqa: F401
    guanai_on_activity_changed,
    guanai_on_background_checks_ending,
    guanai_on_cycle_due_soon,
    guanai_on_cycle_overdue,
    guanai_on_file_failed,
    guanai_on_file_ready,
    guanai_on_incident_opened,
    guanai_on_incident_step_overdue,
    guanai_on_overdue_digest,
    guanai_on_pairing_created,
    guanai_on_pairing_declined,
    guanai_on_pairings_ended,
    guanai_on_helpers_flagged,
    guanai_on_helpers_suspended,
    guanai_on_signup_promoted,
    guanai_on_visit_reminders,
)

HERE = os.path.dirname(__file__)


@hookimpl
def guanai_get_page_actions(page, subject, user):
    """The bell on every page, with the user's unread notifications."""
    if page != "header":
        return []
    from .service import unread_count
    return [Action(_l("Notifications"), url_for("notifications.index"), count=unread_count(user), name="bell")]


guanai_get_blueprints = feature_blueprints(__package__, "views")


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_get_tasks():
    from .delivery import deliver_pending, send_digests
    return [Task("notifications.deliver", deliver_pending),
            PeriodicTask("notifications.deliver_pending", deliver_pending, period=None, check_minutes=1),
            PeriodicTask("notifications.digest", send_digests, period="day", check_minutes=30)]


@hookimpl
def guanai_get_scope_rules():
    from .models import Notification
    return {Notification: _own}


def _own(user):
    from .models import Notification
    return Notification.user_id == user.id


@hookimpl
def guanai_get_dashboard_widgets(user):
    """A coordinator or staff member without an email address is told on their own page that urgent notices
    (emergencies, mandatory reports, overdue steps) reach them only in the portal (issue 27)."""
    from ..web.access import AREA_ROLES
    if user.role not in AREA_ROLES:
        return []
    from ..extensions import db
    from .models import NotificationSetting
    setting = db.session.get(NotificationSetting, user.id)
    if setting is not None and setting.email:
        return []
    from flask_babel import lazy_gettext as _l

    from ..plugin.records import Widget
    return [Widget(_l("No email address"), "notifications/_no_email.html", lambda u: {}, order=1)]
