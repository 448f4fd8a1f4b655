"""The place tree as a plugin: its page, its navigation link, and who sees which places."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints
from ..plugin.records import NavItem
from ..web.access import COORDINATORS
from .models import Place
from .scopes import visible_places

guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Places"), "places.index", order=95)] if user.role in COORDINATORS else []


@hookimpl
def guanai_get_scope_rules():
    return {Place: visible_places}


@hookimpl
def guanai_get_vocabularies():
    return {"place_levels": {"county": _l("County"), "township": _l("Township"), "village": _l("Village"),
                             "grid": _l("Grid")}}
