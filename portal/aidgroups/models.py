"""Mutual-aid groups, their members, the forming runs that propose them, and the leaders' reports and meetings."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..auth.models import User
from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from ..places.models import Place
from ..volunteers.models import Volunteer

#: How often a group meets (the leader's page and the printed card say it).
RHYTHMS = ("weekly", "fortnightly", "monthly")
#: What a leader reports about a member (seed 001: "若遇有重大情况（如生病及其他天灾人祸）向村（社区）、组干部报告").
REPORT_KINDS = ("ill", "fall", "house_damaged", "missing")


class FormingRun(db.Model):
    """One forming of groups for a village or a township: the engine's proposal, reviewed, then committed.

    ``proposal`` holds ``groups`` (each ``leader`` volunteer id, ``village`` place id, ``locked``, ``members``:
    ``[{"id": person id, "km": distance, "moved": bool}]``) and ``left_out`` (``[{"id", "reason", "detail",
    "counts"}]``); ``params`` the rules asked for (size, min_size, max_size, max_km, same_grid).
    """

    __tablename__ = "aid_group_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(32), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    proposal: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(12), default="draft", index=True)  # draft, committed, discarded
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    committed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    committed_at: Mapped[datetime | None]

    place: Mapped[Place] = relationship()


class AidGroup(db.Model):
    """A mutual-aid group: a leader and members of one ledger group in one village."""

    __tablename__ = "aid_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    group: Mapped[str] = mapped_column(String(32), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)   # the village
    leader_id: Mapped[int] = mapped_column(ForeignKey("volunteers.id"), index=True)
    rhythm: Mapped[str] = mapped_column(String(16), default="monthly")
    locked: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(12), default="active", index=True)  # active, dissolved
    run_id: Mapped[int | None] = mapped_column(ForeignKey("aid_group_runs.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    dissolved_at: Mapped[datetime | None]
    # The day the leader stopped leading (they paused, left, or a coordinator ended their service) and why: the
    # group is kept, flagged as needing a new leader, until a forming run gives its members one (issue 30).
    # ``leader_id`` keeps who led, for the history.
    leader_ended_on: Mapped[date | None]
    leader_end_reason: Mapped[str] = mapped_column(String(300), default="", server_default="")

    place: Mapped[Place] = relationship()
    leader: Mapped[Volunteer] = relationship()

    @property
    def needs_leader(self) -> bool:
        """The leader stepped down and nobody leads the group now."""
        return self.leader_ended_on is not None
    members: Mapped[list[AidGroupMember]] = relationship(
        primaryjoin="and_(AidGroup.id == AidGroupMember.aid_group_id, "
                                                "AidGroupMember.left_on.is_(None))", viewonly=True,
        order_by="AidGroupMember.distance_km")


class AidGroupMember(db.Model):
    """A person's membership of a group, from ``since`` until ``left_on`` (None: a member today)."""

    __tablename__ = "aid_group_members"
    __table_args__ = (Index("ix_aid_group_members_person_left", "beneficiary_id", "left_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    aid_group_id: Mapped[int] = mapped_column(ForeignKey("aid_groups.id"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"))
    distance_km: Mapped[float | None]
    since: Mapped[date]
    left_on: Mapped[date | None]

    aid_group: Mapped[AidGroup] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()


class GroupReport(db.Model):
    """A leader's report about a member: ill, a fall, the house damaged, missing; told to the cadres at once."""

    __tablename__ = "aid_group_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    aid_group_id: Mapped[int] = mapped_column(ForeignKey("aid_groups.id"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str] = mapped_column(String(500), default="")
    reported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reported_at: Mapped[datetime] = mapped_column(default=utcnow)
    told: Mapped[int] = mapped_column(default=0)       # how many cadres were notified
    # The incident opened from the report, when the incidents feature is on (no foreign key: the feature can be
    # switched off, and its table is then absent).
    incident_id: Mapped[int | None]

    aid_group: Mapped[AidGroup] = relationship()
    beneficiary: Mapped[Beneficiary] = relationship()
    reported_by: Mapped[User | None] = relationship()


class GroupMeeting(db.Model):
    """A meeting of a group: the day, what was discussed, and who came (``attendance``)."""

    __tablename__ = "aid_group_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    aid_group_id: Mapped[int] = mapped_column(ForeignKey("aid_groups.id"), index=True)
    held_on: Mapped[date]
    topics: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    aid_group: Mapped[AidGroup] = relationship()
    attendance: Mapped[list[MeetingAttendance]] = relationship(cascade="all, delete-orphan")


class MeetingAttendance(db.Model):
    """One member who came to one meeting."""

    __tablename__ = "aid_group_meeting_people"
    __table_args__ = (UniqueConstraint("meeting_id", "beneficiary_id", name="uq_aid_group_meeting_people_person"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("aid_group_meetings.id", ondelete="CASCADE"), index=True)
    beneficiary_id: Mapped[int] = mapped_column(ForeignKey("beneficiaries.id"))
