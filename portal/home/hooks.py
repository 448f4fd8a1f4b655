"""The pages that compose several features as a plugin: the dashboard, the language switch, a volunteer's own pages."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints
from ..plugin.records import NavItem

guanai_get_blueprints = feature_blueprints(__package__, "views", "mine")


@hookimpl
def guanai_get_nav_items(user):
    items = [NavItem(_l("Dashboard"), "main.dashboard", order=0)]
    if user.role == "volunteer":
        items += [NavItem(_l("My page"), "mine.overview", order=1), NavItem(_l("My pairings"), "mine.pairings", order=2)]
    return items
