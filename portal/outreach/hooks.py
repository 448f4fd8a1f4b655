"""Outreach as a plugin: pages, navigation, scope rules, migrations, and the example SMS channel (off by default)."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import NavItem
from ..web.access import STAFF

guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Letters to families"), "outreach.index", order=48)] if user.role in STAFF else []


@hookimpl
def guanai_get_scope_rules():
    from .scopes import RULES
    return RULES


@hookimpl(trylast=True)
def guanai_get_sms_channel():
    """The example channel, which logs instead of sending, when ``GUANAI_OUTREACH_LOG_SMS`` is on; a provider
    plugin's channel comes first."""
    if current_app.config.get("GUANAI_OUTREACH_LOG_SMS"):
        from .channels import LoggingChannel
        return current_app.extensions.setdefault("guanai_outreach_log_channel", LoggingChannel())
    return None


@hookimpl
def guanai_get_vocabularies():
    return {"audit_entities": {"outreach_message": _l("Message to families")},
            "audit_actions": {"send": _l("sent"), "print": _l("printed")}}


guanai_get_migration_dirs = feature_migrations(__file__)
