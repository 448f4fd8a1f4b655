"""The kept due table follows the session's writes: what a flush touches is noted, and before the commit the
duties of the people concerned are computed again (``portal.duties.due.refresh``), in the same transaction.

Rows written around the ORM (core.bulk's COPY of an import, a match run's pairings) are caught by the
pairing hook, the daily refresh and ``guanai duties refresh``.
"""
from __future__ import annotations

from itertools import chain

from flask import current_app, has_app_context

from ..core.session_events import listen_once

_KEY = "guanai_duties_dirty"


def _enabled() -> bool:
    if not has_app_context():
        return False
    plugins = current_app.extensions.get("guanai")
    return plugins is not None and plugins.pm.has_plugin("duties")


def _after_flush(session, _context) -> None:
    if session.info.get("guanai_duties_busy") or not _enabled():
        return
    from ..assignment.models import Pairing
    from ..auth.models import User
    from ..ledger.models import Beneficiary, GroupProfile
    from ..places.models import Place
    from ..visits.models import Visit
    from .models import DutyOwner, FamilyContact, KnockRound, PersonTrait
    dirty = session.info.setdefault(_KEY, {"ids": set(), "places": set(), "all": False})
    by_person = (Visit, FamilyContact, PersonTrait, Pairing, GroupProfile, *_rule_records())
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Beneficiary):
            dirty["ids"].add(obj.id)
        elif isinstance(obj, by_person):
            dirty["ids"].add(obj.beneficiary_id)
        elif isinstance(obj, KnockRound):
            dirty["places"].add(obj.place_id)
        elif isinstance(obj, DutyOwner):
            if obj.beneficiary_id is not None:
                dirty["ids"].add(obj.beneficiary_id)
            elif obj.place_id is not None:
                dirty["places"].add(obj.place_id)
            else:
                dirty["all"] = True       # a class teacher: the class's pupils live anywhere
        elif isinstance(obj, Place) or (isinstance(obj, User) and (obj in session.new or obj in session.deleted
                                                                    or _renamed(obj))):
            dirty["names"] = True         # names the kept lists show (portal.duties.kept)


def _renamed(user) -> bool:
    """A user whose name as the lists show it changed (a sign-in writes to users too: that changes nothing)."""
    from sqlalchemy import inspect
    state = inspect(user)
    return any(state.attrs[name].history.has_changes() for name in ("display_name", "username"))


def _rule_records() -> tuple[type, ...]:
    """The models the rules in force name in ``records`` (a feature's own record of what was given), read once
    per app: the rules come from code and the deployment's settings."""
    found = current_app.extensions.get("guanai_duty_records")
    if found is None:
        from .rules import all_rules
        found = tuple(dict.fromkeys(m for rule in all_rules() for m in rule.records))
        current_app.extensions["guanai_duty_records"] = found
    return found


def note_person(session, person_id: int) -> None:
    """A person whose duties change through a write the flush does not see (a bulk DELETE)."""
    session.info.setdefault(_KEY, {"ids": set(), "places": set(), "all": False})["ids"].add(person_id)


def _before_commit(session) -> None:
    if session.info.get("guanai_duties_busy") or not _enabled():
        return
    from .kept import BUMP, bump
    session.flush()  # the commit flushes after this event: what is pending is noted now
    dirty = session.info.pop(_KEY, None)
    if dirty:
        from .due import refresh, refresh_ids, refresh_places
        session.info["guanai_duties_busy"] = True
        try:
            if dirty["all"]:
                refresh()
            else:
                if dirty["ids"]:
                    refresh_ids(i for i in dirty["ids"] if i is not None)
                if dirty["places"]:
                    refresh_places(dirty["places"])
        finally:
            session.info.pop("guanai_duties_busy", None)
    # last: the kept lists' generation (portal.duties.kept), for a refresh here or run by the caller (the daily
    # run, a command), and for a name the lists show
    if session.info.pop(BUMP, False) or (dirty or {}).get("names"):
        bump()


def _after_rollback(session, _previous=None) -> None:
    from .kept import BUMP
    session.info.pop(_KEY, None)
    session.info.pop(BUMP, None)


def install() -> None:
    """Listen on the portal's session (once per process)."""
    listen_once(__name__, after_flush=_after_flush, before_commit=_before_commit, after_soft_rollback=_after_rollback)
