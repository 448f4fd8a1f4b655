"""When helpers go: pairings ended because their helper left, paused or was ended, or because the helper's
background check lapsed on work with minors (flagged at once, suspended after a grace period). Issue 27.

A person whose pairing ended this way "needs a new helper" for that service until a new pairing is made;
they are in the next run by themselves (the instance takes every active person who needs the service and
is not held by an active pairing). The checks' flags are worked out in SQL from the volunteers' checks,
so a page shows them the moment a check lapses; the daily sweep remembers since when
(``Pairing.check_flagged_on``) and suspends the pairings ``GUANAI_CHECK_GRACE_DAYS`` later.
Functions take the actor and plain data and leave the commit to the caller.
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import ColumnElement, and_, bindparam, case, exists, func, insert, not_, or_, select, update
from sqlalchemy.orm import aliased

from ..core.audit import AuditEntry, actor_id
from ..core.scoping import visible
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..plugin.manager import current_plugins
from ..volunteers.models import Volunteer, VolunteerService
from .models import END_CAUSES, Pairing

#: Days between a helper's check being found pending or expired and their child pairings being suspended.
DEFAULT_GRACE_DAYS = 30


def grace_days() -> int:
    return int(current_app.config.get("GUANAI_CHECK_GRACE_DAYS", DEFAULT_GRACE_DAYS))


def check_services() -> list[str]:
    """The pairing services whose rules (the plugin's, overlaid by the deployment's) ask for a passed check."""
    from .instance import policy_for
    return sorted(s.key for s in current_plugins().services.values()
                  if s.delivery == "pairing" and policy_for(s)[0].get("require_background_check"))


def check_lapsed(today: date | None = None) -> ColumnElement[bool]:
    """Volunteers whose check does not count today: pending, failed, not done, or passed too long ago
    (the opposite of ``portal.volunteers.models.check_counts``)."""
    today = today or local_today()
    valid = int(current_app.config.get("GUANAI_BACKGROUND_CHECK_VALID_DAYS", 365))
    return or_(Volunteer.background_check != "passed",
               and_(Volunteer.background_checked_on.is_not(None),
                    Volunteer.background_checked_on <= today - timedelta(days=valid)))


def flagged(today: date | None = None) -> ColumnElement[bool]:
    """Active pairings for work with minors whose helper's check does not count: a WHERE clause on Pairing."""
    services = check_services()
    if not services:
        return Pairing.id.is_(None)
    lapsed = select(Volunteer.id).where(check_lapsed(today))
    return and_(Pairing.status == "active", Pairing.service.in_(services), Pairing.volunteer_id.in_(lapsed))


def suspend_day(pairing: Pairing, today: date | None = None) -> date:
    """The day a flagged pairing is suspended unless the check is passed before."""
    return (pairing.check_flagged_on or today or local_today()) + timedelta(days=grace_days())


def flagged_ids(pairing_ids: list[int]) -> set[int]:
    """Which of these pairings are flagged now (one query)."""
    if not pairing_ids:
        return set()
    return set(db.session.execute(select(Pairing.id).where(Pairing.id.in_(pairing_ids), flagged())).scalars())


def end_helper_pairings(actor, volunteer_id: int, cause: str, reason: str,
                        only: list[int] | None = None) -> list[int]:
    """End a helper's active pairings (``only`` these ids, if given) because of ``cause`` (``END_CAUSES``):
    each with the reason, the helper's places given back, audited; then ``guanai_on_pairings_ended``.

    A lapsed check suspends (status "suspended"), the others end. Returns the ids ended; not committed.
    """
    assert cause in END_CAUSES
    stmt = select(Pairing.id).where(Pairing.volunteer_id == volunteer_id, Pairing.status == "active")
    if only is not None:
        stmt = stmt.where(Pairing.id.in_(only or [-1]))
    ended = [r.id for r in _end_in_bulk(actor, list(db.session.execute(stmt).scalars()), cause, reason,
                                        local_today())]
    if ended:
        current_plugins().hook.guanai_on_pairings_ended(pairing_ids=ended, cause=cause, actor=actor)
    return ended


def _end_in_bulk(actor, pairing_ids: list[int], cause: str, reason: str, today: date) -> list:
    """End (a lapsed check: suspend) the still active pairings of ``pairing_ids`` in statements that do not grow
    with them: each with the reason, the helpers' places given back, audited. The rows ended (id, volunteer_id,
    service, unit), by id."""
    status, rows = ("suspended" if cause == "check" else "ended"), []
    for start in range(0, len(pairing_ids), 500):
        part = pairing_ids[start:start + 500]
        found = db.session.execute(select(Pairing.id, Pairing.volunteer_id, Pairing.service, Pairing.unit).where(
            Pairing.id.in_(part), Pairing.status == "active")).all()
        if found:  # ended meanwhile by someone else: left out by the status
            db.session.execute(update(Pairing).where(Pairing.id.in_([r.id for r in found]), Pairing.status == "active")
                               .values(status=status, ended_on=today, end_reason=reason[:200], end_cause=cause)
                               .execution_options(synchronize_session=False))
            rows.extend(found)
    if not rows:
        return []
    helpers = sorted({r.volunteer_id for r in rows})
    held = {tuple(r) for start in range(0, len(helpers), 500) for r in db.session.execute(
        select(Pairing.volunteer_id, Pairing.service, Pairing.unit).where(
            Pairing.volunteer_id.in_(helpers[start:start + 500]), Pairing.status == "active")).all()}
    freed: dict[tuple[int, str], int] = {}
    for volunteer_id, service, unit in {(r.volunteer_id, r.service, r.unit) for r in rows}:
        if (volunteer_id, service, unit) not in held:
            freed[(volunteer_id, service)] = freed.get((volunteer_id, service), 0) + 1
    if freed:  # one executemany: each helper's load of the service down by the units given back
        table = VolunteerService.__table__
        less = table.c.load - bindparam("n")
        db.session.connection().execute(
            update(table).where(table.c.volunteer_id == bindparam("vid"), table.c.service == bindparam("svc"))
            .values(load=case((less < 0, 0), else_=less)),
            [{"vid": v, "svc": s, "n": n} for (v, s), n in freed.items()])
    after = {"status": status, "end_cause": cause, "end_reason": reason[:200], "ended_on": today.isoformat()}
    db.session.execute(insert(AuditEntry), [{"action": "end", "entity": "pairing", "entity_id": r.id,
                                             "before": {"status": "active"}, "after": after,
                                             "user_id": actor_id(actor)} for r in rows])
    db.session.expire_all()
    return sorted(rows, key=lambda r: r.id)


def needing_new_helper(user, person_id: int | None = None):
    """(person id, service, the last ended pairing's id) of active people the user sees whose helper went
    (``END_CAUSES``) and who have no active pairing for that service since: a statement."""
    active = aliased(Pairing)
    held = exists().where(active.beneficiary_id == Pairing.beneficiary_id, active.service == Pairing.service,
                          active.status == "active")
    stmt = (select(Pairing.beneficiary_id, Pairing.service, func.max(Pairing.id).label("last"))
            .join(Beneficiary, Beneficiary.id == Pairing.beneficiary_id)
            .where(Pairing.status.in_(("ended", "suspended")), Pairing.end_cause.in_(END_CAUSES),
                   Beneficiary.status == "active", not_(held), visible(Pairing, user))
            .group_by(Pairing.beneficiary_id, Pairing.service))
    if person_id is not None:
        stmt = stmt.where(Pairing.beneficiary_id == person_id)
    return stmt


def counts(user) -> dict[str, int]:
    """The dashboard's figures: people who need a new helper, and pairings flagged by a helper's check."""
    needs = db.session.execute(select(func.count()).select_from(needing_new_helper(user).subquery())).scalar_one()
    flags = db.session.execute(select(func.count(Pairing.id)).where(flagged(), visible(Pairing, user))).scalar_one()
    helpers = db.session.execute(select(func.count(func.distinct(Pairing.volunteer_id)))
                                 .where(flagged(), visible(Pairing, user))).scalar_one()
    return {"needs": needs, "flagged": flags, "helpers": helpers}


def _flags(by_volunteer: dict[int, list[int]]) -> list:
    """A :class:`FlaggedHelper` per helper of ``by_volunteer`` (helper id -> pairing ids), read in two queries per
    500 helpers."""
    from ..ledger.models import Beneficiary
    from ..volunteers.records import FlaggedHelper
    ids = sorted(by_volunteer)
    people: dict[int, str] = {}
    helpers = {}
    for start in range(0, len(ids), 500):
        part = ids[start:start + 500]
        helpers.update({r.id: r for r in db.session.execute(select(
            Volunteer.id, Volunteer.name, Volunteer.user_id, Volunteer.place_id).where(Volunteer.id.in_(part)))})
        pairing_ids = [p for v in part for p in by_volunteer[v]]
        for cut in range(0, len(pairing_ids), 500):
            people.update(dict(db.session.execute(select(Pairing.id, Beneficiary.name).join(
                Beneficiary, Beneficiary.id == Pairing.beneficiary_id).where(
                Pairing.id.in_(pairing_ids[cut:cut + 500]))).all()))
    return [FlaggedHelper(v, helpers[v].name, helpers[v].user_id, helpers[v].place_id, tuple(by_volunteer[v]),
                          tuple(sorted({people[p] for p in by_volunteer[v] if p in people}))) for v in ids]


def _tell_flagged(by_volunteer: dict[int, list[int]], suspend_on: date) -> None:
    """One ``guanai_on_helpers_flagged`` for every helper newly flagged (issue 32: one event per helper, each
    telling every coordinator of the area, put 952 notices on one bell); the PLUGIN_API 2 hook per helper only
    for the plugins that implement it."""
    flags = _flags(by_volunteer)
    hook = current_plugins().hook
    hook.guanai_on_helpers_flagged(flags=flags, suspend_on=suspend_on)
    if hook.guanai_on_pairings_flagged.get_hookimpls():
        for flag in flags:
            hook.guanai_on_pairings_flagged(volunteer=db.session.get(Volunteer, flag.volunteer_id),
                                            pairing_ids=list(flag.pairing_ids), suspend_on=suspend_on)


def sweep_check_flags(period: str | None = None, today: date | None = None) -> dict[str, int]:
    """The daily sweep: remember since when each pairing is flagged, forget the flag of a renewed check,
    tell each newly flagged helper, and suspend the pairings flagged for the grace period. Not committed."""
    today = today or local_today()
    cleared = db.session.execute(update(Pairing).where(
        Pairing.status == "active", Pairing.check_flagged_on.is_not(None), not_(flagged(today)))
        .values(check_flagged_on=None).execution_options(synchronize_session=False)).rowcount
    fresh = db.session.execute(select(Pairing.id, Pairing.volunteer_id).where(
        flagged(today), Pairing.check_flagged_on.is_(None))).all()
    if fresh:
        db.session.execute(update(Pairing).where(Pairing.id.in_([r.id for r in fresh]))
                           .values(check_flagged_on=today).execution_options(synchronize_session=False))
        by_volunteer: dict[int, list[int]] = {}
        for row in fresh:
            by_volunteer.setdefault(row.volunteer_id, []).append(row.id)
        _tell_flagged(by_volunteer, today + timedelta(days=grace_days()))
    due = db.session.execute(select(Pairing.id).where(
        flagged(today), Pairing.check_flagged_on <= today - timedelta(days=grace_days()))).scalars().all()
    suspended = suspend_flagged(list(due), _("Background check pending or expired for %(days)d days",
                                             days=grace_days()), today)
    return {"flagged": len(fresh), "cleared": cleared, "suspended": len(suspended)}


def suspend_flagged(pairing_ids: list[int], reason: str, today: date | None = None) -> list[int]:
    """Suspend these flagged pairings of many helpers at once (the sweep's suspension day), in statements that do
    not grow with the helpers: each with the reason, the helpers' places given back, audited; then ONE
    ``guanai_on_helpers_suspended`` (a day when thousands of checks had lapsed a grace period ago fired an event,
    and notices to every coordinator of the area, per helper: issue 32). Not committed; the ids suspended."""
    today = today or local_today()
    rows = _end_in_bulk(None, pairing_ids, "check", reason, today)
    if not rows:
        return []
    by_volunteer: dict[int, list[int]] = {}
    for r in rows:
        by_volunteer.setdefault(r.volunteer_id, []).append(r.id)
    current_plugins().hook.guanai_on_helpers_suspended(flags=_flags(by_volunteer), suspended_on=today)
    return [r.id for r in rows]
