"""Offline as a feature: its blueprint (the phone's JSON and pages), its receipts' table and scope rule."""
from __future__ import annotations

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations

from .phone import guanai_get_page_actions, guanai_get_page_sections  # noqa: F401,E402  (the phone's hooks)

guanai_get_blueprints = feature_blueprints(__package__, "blueprint", "phone", pages=("api",))
guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_get_nav_items(user):
    """A helper finds the day kept for working without a signal in the menu (a walk found no way to it but the
    home-screen icon: issue 31)."""
    from flask_babel import lazy_gettext as _l

    from ..plugin.records import NavItem
    if user.role == "volunteer":
        return [NavItem(_l("Without a signal"), "offline_phone.day", order=4)]
    return []


@hookimpl
def guanai_get_tasks():
    from ..plugin.records import PeriodicTask
    from .receiving import prune_receipts
    return [PeriodicTask("offline.prune_receipts", prune_receipts, period="day", check_minutes=60)]


@hookimpl
def guanai_get_scope_rules():
    from .models import OfflineReceipt
    from .scopes import visible_receipts
    return {OfflineReceipt: visible_receipts}
