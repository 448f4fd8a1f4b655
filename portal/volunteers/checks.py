"""Background checks expire: the daily sweep that tells volunteers and coordinators before and when they end.

A passed check counts for ``GUANAI_BACKGROUND_CHECK_VALID_DAYS`` (365) days after it was done; an expired
one counts as not passed for work with minors (``Volunteer.background_checked``) until it is renewed.
The sweep fires ``guanai_on_background_checks_ending`` once with every check that reached a stage (30 days
before, at the end), each remembered in ``background_check_notice`` by a conditional UPDATE (in bulk, issue 32).
Checks before work with minors and their renewal: domain.md "Helpers" (the Minors Protection Law, practice
rather than the seeds; helpers of 004 and 001 sign a pledge and are trained yearly).
"""
from __future__ import annotations

from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select, update

from ..core.time import local_today
from ..extensions import db
from ..plugin.manager import current_plugins
from .models import Volunteer
from .records import CheckEnding

#: How long before the end the first notice goes out.
WARN_DAYS = 30
#: Volunteers per IN list.
CHUNK = 500


def ending_clause(today: date | None = None):
    """The volunteers whose passed check ends within ``WARN_DAYS`` of ``today`` or has ended (the sweep's and the
    list's ``?check=ending``)."""
    today = today or local_today()
    valid = timedelta(days=current_app.config.get("GUANAI_BACKGROUND_CHECK_VALID_DAYS", 365))
    # Checks done on or before this day end within WARN_DAYS (or have ended).
    warn_from = today - valid + timedelta(days=WARN_DAYS)
    return (Volunteer.background_check == "passed") & Volunteer.background_checked_on.is_not(None) & \
        (Volunteer.background_checked_on <= warn_from)


def sweep_checks(period: str | None = None) -> dict[str, int]:
    """Record the checks that reached a stage (ending within 30 days, ended) on the sweep's day, and fire
    ``guanai_on_background_checks_ending`` once with all of them; not committed (the periodic runner commits).

    In bulk (issue 32): one SELECT of the checks, one UPDATE per stage that takes only the rows still at their
    earlier stage (a concurrent sweep's rows are not taken twice: RETURNING says which were), one event. The
    PLUGIN_API 1 hook per check is fired only for the plugins that implement it.
    """
    today = date.fromisoformat(period[:10]) if period else local_today()
    valid = timedelta(days=current_app.config.get("GUANAI_BACKGROUND_CHECK_VALID_DAYS", 365))
    ended_by = today - valid  # checked on or before this day: ended
    due = db.session.execute(select(Volunteer.id, Volunteer.background_checked_on, Volunteer.background_check_notice)
                             .where(ending_clause(today), Volunteer.background_check_notice != "expired",
                                    Volunteer.status.in_(("active", "paused", "pending")))).all()
    counts = {"expiring": 0, "expired": 0}
    taken: list[int] = []
    for stage in ("expiring", "expired"):
        ids = [vid for vid, checked_on, notice in due
               if ("expired" if checked_on <= ended_by else "expiring") == stage and notice != stage]
        for start in range(0, len(ids), CHUNK):
            taken += db.session.execute(update(Volunteer).where(
                Volunteer.id.in_(ids[start:start + CHUNK]), Volunteer.background_check_notice != stage,
                Volunteer.background_check_notice != "expired")
                .values(background_check_notice=stage).returning(Volunteer.id)).scalars().all()
    if not taken:
        return counts
    rows = db.session.execute(select(Volunteer.id, Volunteer.name, Volunteer.user_id, Volunteer.place_id,
                                     Volunteer.background_checked_on).where(Volunteer.id.in_(taken))
                              .order_by(Volunteer.id)).all() if len(taken) <= CHUNK else \
        [r for start in range(0, len(taken), CHUNK) for r in db.session.execute(
            select(Volunteer.id, Volunteer.name, Volunteer.user_id, Volunteer.place_id, Volunteer.background_checked_on)
            .where(Volunteer.id.in_(sorted(taken)[start:start + CHUNK])).order_by(Volunteer.id)).all()]
    checks = []
    for vid, name, user_id, place_id, checked_on in rows:
        expires_on = checked_on + valid
        stage = "expired" if expires_on <= today else "expiring"
        checks.append(CheckEnding(vid, name, user_id, place_id, stage, expires_on, (expires_on - today).days))
        counts[stage] += 1
    hook = current_plugins().hook
    hook.guanai_on_background_checks_ending(checks=checks, today=today)
    if hook.guanai_on_background_check_expiring.get_hookimpls():
        volunteers = {v.id: v for v in db.session.execute(select(Volunteer).where(Volunteer.id.in_(taken))).scalars()}
        for check in checks:
            hook.guanai_on_background_check_expiring(volunteer=volunteers[check.volunteer_id],
                                                     expires_on=check.expires_on, days_left=check.days_left)
    return counts
