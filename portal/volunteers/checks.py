"""Background checks expire: the daily sweep that tells volunteers and coordinators before and when they end.

A passed check counts for ``GUANAI_BACKGROUND_CHECK_VALID_DAYS`` (365) days after it was done; an expired
one counts as not passed for work with minors (``Volunteer.background_checked``) until it is renewed.
The sweep fires ``guanai_on_background_check_expiring`` once per check and stage (30 days before, at the
end), remembered in ``background_check_notice`` with a conditional UPDATE.
"""
from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import select, update

from ..core.time import local_today
from ..extensions import db
from ..plugin.manager import current_plugins
from .models import Volunteer

#: How long before the end the first notice goes out.
WARN_DAYS = 30


def sweep_checks(period: str | None = None) -> dict[str, int]:
    """Fire the expiring and expired events due today; not committed (the periodic runner commits)."""
    today = local_today()
    valid = timedelta(days=current_app.config.get("GUANAI_BACKGROUND_CHECK_VALID_DAYS", 365))
    # Checks done on or before this day end within WARN_DAYS (or have ended).
    warn_from = today - valid + timedelta(days=WARN_DAYS)
    due = db.session.execute(select(Volunteer).where(
        Volunteer.background_check == "passed", Volunteer.background_checked_on.is_not(None),
        Volunteer.background_checked_on <= warn_from, Volunteer.background_check_notice != "expired",
        Volunteer.status.in_(("active", "paused", "pending"))).order_by(Volunteer.id)).scalars().all()
    counts = {"expiring": 0, "expired": 0}
    for volunteer in due:
        expires_on = volunteer.background_check_expires_on
        stage = "expired" if expires_on <= today else "expiring"
        if stage == volunteer.background_check_notice:
            continue
        taken = db.session.execute(update(Volunteer).where(
            Volunteer.id == volunteer.id, Volunteer.background_check_notice == volunteer.background_check_notice)
            .values(background_check_notice=stage)).rowcount
        if taken != 1:
            continue
        current_plugins().hook.guanai_on_background_check_expiring(
            volunteer=volunteer, expires_on=expires_on, days_left=(expires_on - today).days)
        counts[stage] += 1
    return counts
