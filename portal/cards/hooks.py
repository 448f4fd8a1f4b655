"""Printed cards as a plugin: its pages, navigation, scope rules, vocabulary and migrations."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import Action, NavItem
from ..web.access import STAFF
from .models import Contact, PolicyCard
from .scopes import visible_contacts, visible_policy_cards

guanai_get_blueprints = feature_blueprints(__package__, "blueprint", pages=("editors", "views"))


@hookimpl
def guanai_get_page_actions(page, subject, user):
    from .actions import pairing_actions, person_actions
    if page == "person":
        return person_actions(subject, user)
    if page == "pairing":
        return pairing_actions(subject, user)
    if page == "my_pairings" and user.role == "volunteer":
        return [Action(_l("Print all my pairing cards"), url_for("cards.pairings_batch"))]
    return []


@hookimpl
def guanai_get_nav_items(user):
    return [NavItem(_l("Cards"), "cards.index", order=80)] if user.role in STAFF else []


@hookimpl
def guanai_get_scope_rules():
    return {Contact: visible_contacts, PolicyCard: visible_policy_cards}


@hookimpl
def guanai_get_vocabularies():
    from .contacts import ROLES
    return {"contact_roles": dict(ROLES)}


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_populate_demo(demo):
    from .demo import add_demo_contacts
    add_demo_contacts(demo)


@hookimpl
def guanai_get_place_contacts(place):
    """The contacts coordinators keep for the place and the places above it, national numbers by default."""
    from .contacts import place_contacts
    return place_contacts(place)


@hookimpl
def guanai_get_tasks():
    """A township's or county's card PDF, made on the queue (issue 32)."""
    from ..plugin.records import Task
    from .views import make_pdf
    return [Task("cards.make_pdf", make_pdf)]
