"""Web plumbing every feature's pages share: templates' globals and filters, errors, static files."""
from __future__ import annotations

from flask import Flask, current_app
from flask_babel import get_locale
from flask_login import current_user

from ..core.texts import vocabularies
from ..core.time import format_local, to_local
from ..plugin.manager import current_plugins
from .errors import register_error_handlers
from .pagination import page_url


def _unread() -> int:
    """The signed-in user's unread notifications, for the bell on every page (0 without the feature)."""
    if not current_user.is_authenticated or "notifications.index" not in current_app.view_functions:
        return 0
    from ..notifications.service import unread_count
    return unread_count(current_user)


def configure_web(app: Flask) -> None:
    """Give every template the navigation, groups, languages and label helpers; render errors as pages."""

    @app.context_processor
    def inject():
        plugins = current_plugins()
        nav = plugins.nav_items(current_user) if current_user.is_authenticated else []
        return {"unread_notifications": _unread(), "has_notifications": "notifications.index" in app.view_functions,
                "nav_items": nav, "groups": plugins.groups, "all_services": plugins.services,
                "languages": app.config["LANGUAGES"], "get_locale": get_locale, "page_url": page_url,
                "vocab": vocabularies()}

    app.add_template_filter(format_local, "localtime")
    app.add_template_filter(to_local, "to_local")
    app.add_template_filter(lambda code, name: vocabularies().label(name, code), "label")
    app.add_template_filter(lambda codes, name: vocabularies().labels(name, codes), "labels")
    register_error_handlers(app)
