"""Pairings of helpers with people, and the match runs that propose and commit them."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.models import Timestamps
from ..core.time import local_today
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..volunteers.models import Volunteer


class Pairing(Timestamps, db.Model):
    """A helper paired with a person for one service and helper role (结对帮扶); ended ones stay as history."""

    __tablename__ = "pairings"
    __table_args__ = (
        # One active helper per person, service and role: the database refuses a second, whatever races.
        Index("uq_pairings_active", "beneficiary_id", "service", "role", unique=True,
              sqlite_where=text("status = 'active'"), postgresql_where=text("status = 'active'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    service: Mapped[str] = mapped_column(String(64), index=True)  # the service key, group.code
    role: Mapped[str] = mapped_column(String(32), default="volunteer")
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    volunteer_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    # What takes one of the volunteer's places: "h<household>" when a household goes together, else "b<id>".
    unit: Mapped[str] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), default="active", index=True)  # active, ended, declined
    response: Mapped[str] = mapped_column(String(16), default="pending")  # pending, accepted, declined
    response_note: Mapped[str] = mapped_column(String(300), default="")
    started_on: Mapped[date] = mapped_column(default=local_today)  # the local day, as every date the portal shows
    ended_on: Mapped[date | None]
    end_reason: Mapped[str] = mapped_column(String(200), default="")
    # Why it ended, as a code (``END_CAUSES``): "" for a run or a decline, else the helper left, paused,
    # was ended by a coordinator, or their background check lapsed (a "suspended" pairing). The person then
    # needs a new helper for that service until a new pairing is made.
    end_cause: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # The first day the daily sweep found the helper's background check not counting while this pairing
    # needs one (work with minors); the pairing is suspended ``GUANAI_CHECK_GRACE_DAYS`` later.
    check_flagged_on: Mapped[date | None]
    run_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id"))

    beneficiary: Mapped[Beneficiary] = relationship()
    volunteer: Mapped[Volunteer] = relationship()


#: Causes after which the person needs a new helper: the helper left, paused, was ended, or their check lapsed.
END_CAUSES = ("left", "paused", "ended", "check")


class MatchRun(Timestamps, db.Model):
    """One automatic assignment for a service in part of the place tree: what it solved and what came out.

    ``instance`` is the exact engine input, so a run can be reproduced; ``result`` the engine's output.
    """

    __tablename__ = "match_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    service: Mapped[str] = mapped_column(String(64), index=True)  # the service key, group.code
    role: Mapped[str] = mapped_column(String(32), default="volunteer")
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("match_runs.id"))
    # queued, running, proposed, committed, failed, cancelled
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    progress: Mapped[int] = mapped_column(default=0)
    # The lease of the worker solving it: renewed while it runs; a stale one means the worker died.
    heartbeat_at: Mapped[datetime | None]
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Several MB each for a county run: loaded only when read (the runs list and the status poll never do).
    instance: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    # The review's summary (counts, villages, busiest volunteers), computed once by the worker that solved it.
    review: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    # The result cut by village ({"<place id>": rows}): a village's review page reads only its own part.
    rows_by_place: Mapped[dict[str, Any] | None] = mapped_column(JSON, deferred=True)
    objective: Mapped[float | None]
    error: Mapped[str] = mapped_column(Text, default="")
    committed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    committed_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    place: Mapped[Place] = relationship()
    created_by: Mapped[User | None] = relationship(foreign_keys=[created_by_id])
    committed_by: Mapped[User | None] = relationship(foreign_keys=[committed_by_id])
