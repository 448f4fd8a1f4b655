"""Mutual-aid groups as a plugin: pages, navigation, scope rules, card types, the command, migrations, demo."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from ..hookspecs import hookimpl
from ..plugin.feature import feature_blueprints, feature_migrations
from ..plugin.records import NavItem
from ..web.access import STAFF

#: A group leader's report may name an incident (aidgroups_0001 depends on incidents_0001).
GUANAI_REQUIRES = ("incidents",)

guanai_get_blueprints = feature_blueprints(__package__, "views")


@hookimpl
def guanai_get_nav_items(user):
    if user.role in STAFF:
        return [NavItem(_l("Mutual-aid groups"), "aidgroups.index", order=47)]
    if user.role == "volunteer":
        from sqlalchemy import select

        from ..extensions import db
        from .models import AidGroup
        from .scopes import leading
        leads = db.session.execute(select(AidGroup.id).where(leading(user), AidGroup.status == "active")
                                   .limit(1)).first()
        return [NavItem(_l("My mutual-aid group"), "aidgroups.mine", order=12)] if leads else []
    return []


@hookimpl
def guanai_get_scope_rules():
    from .scopes import RULES
    return RULES


@hookimpl
def guanai_get_card_types():
    from ..plugin.manager import current_plugins
    from .cards import card_types
    return card_types(current_plugins().groups)


@hookimpl
def guanai_get_vocabularies():
    statuses = {"active": _l("active"), "dissolved": _l("dissolved")}
    # The audit page's words for these records' fields and values (issue 27: no Chinese page shows a code).
    return {"audit_entities": {"aid_group": _l("Mutual-aid group"), "aid_group_run": _l("Forming run"),
                               "aid_group_report": _l("Leader's report"), "aid_group_meeting": _l("Group meeting")},
            "audit_actions": {"rerun": _l("ran again"), "move": _l("moved"), "lock_group": _l("locked a group"),
                              "unlock_group": _l("unlocked a group"), "discard": _l("discarded"),
                              "end_leader": _l("leadership ended"), "member_left": _l("member left")},
            "audit_fields_aid_group": {"leader_id": _l("Leader"), "rhythm": _l("Meets"), "locked": _l("Kept as it is"),
                                       "status": _l("Status"), "run_id": _l("Forming run"),
                                       "dissolved_at": _l("Dissolved at"), "leader_ended_on": _l("Leader stopped on"),
                                       "leader_end_reason": _l("Why the leader stopped")},
            "audit_values_aid_group_rhythm": {"weekly": _l("weekly"), "fortnightly": _l("fortnightly"),
                                              "monthly": _l("monthly")},
            "audit_values_aid_group_status": statuses,
            "audit_fields_aid_group_report": {"kind": _l("What happened"), "note": _l("Note"),
                                              "told": _l("Cadres told"), "incident_id": _l("Incident"),
                                              "aid_group_id": _l("Mutual-aid group")},
            "audit_values_aid_group_report_kind": {"ill": _l("ill"), "fall": _l("a fall"),
                                                   "house_damaged": _l("house damaged"), "missing": _l("went missing")},
            "audit_fields_aid_group_meeting": {"held_on": _l("Held on"), "topics": _l("Topics"),
                                               "present": _l("Present"), "aid_group_id": _l("Mutual-aid group")},
            "audit_fields_aid_group_run": {
                "params": _l("Settings"), "status": _l("Status"), "size": _l("People per group"),
                "min_size": _l("Fewest in a group"), "max_size": _l("Most in a group"),
                "max_km": _l("Farthest from the leader (km)"), "same_grid": _l("Within one grid"),
                "groups": _l("Groups"), "locked": _l("Groups kept"), "created": _l("Groups made"),
                "dissolved": _l("Groups dissolved"), "joined": _l("Members joined"), "kept": _l("Groups kept"),
                "left": _l("Members left")},
            "audit_values_aid_group_run_status": {"draft": _l("draft"), "committed": _l("confirmed"),
                                                  "discarded": _l("discarded")}}


guanai_get_migration_dirs = feature_migrations(__file__)


@hookimpl
def guanai_register_commands(cli):
    from .cli import groups_group
    cli.add_command(groups_group)


@hookimpl
def guanai_populate_demo(demo):
    from .demo import populate
    populate(demo)


@hookimpl
def guanai_get_step_down_consequences(volunteer, status):
    """The mutual-aid groups a volunteer stops leading if they pause or leave (issue 30)."""
    if status not in ("paused", "left"):
        return []
    from flask_babel import gettext as _

    from ..volunteers.leaving import Consequence
    from .leaving import groups_led_by
    groups = groups_led_by(volunteer.id)
    if not groups:
        return []
    return [Consequence("aidgroups", _("You no longer lead these %(n)d mutual-aid groups; the cadres are told to find "
                                       "a new leader", n=len(groups)),
                        tuple(_("%(village)s, %(n)d members", village=g.place.name, n=len(g.members)) for g in groups),
                        order=25)]


@hookimpl
def guanai_on_volunteer_status_changed(volunteer, before, after, reason, actor):
    """A leader who pauses or leaves (or whose service a coordinator ends) leads no more: the leadership ends with
    the reason, the group is flagged for a new leader and the cadres are told."""
    if after not in ("paused", "left"):
        return
    from ..volunteers.leaving import cause_of
    from .leaving import end_leaderships
    words = {"paused": _l("The leader paused"), "left": _l("The leader left"),
             "ended": _l("A coordinator ended the leader's service")}[cause_of(volunteer, after, actor)]
    end_leaderships(actor, volunteer, f"{words}: {reason}" if reason else str(words))


@hookimpl
def guanai_on_person_left(person, reason, day, actor):
    """A member who leaves the ledger leaves their group (with the reason, audited)."""
    from .leaving import leave_groups
    leave_groups(actor, person.id, reason, day)
