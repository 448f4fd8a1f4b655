"""The children's profile: guardians, parents away, schooling, help needed and wishes (domain.md)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.plugin import GroupProfile


class ChildProfile(GroupProfile, db.Model):
    """What the children's ledger adds to the core record (000, 002, 003, 004)."""

    __tablename__ = "children_profiles"

    father_status: Mapped[str] = mapped_column(String(24), default="away")
    mother_status: Mapped[str] = mapped_column(String(24), default="away")
    guardian_name: Mapped[str] = mapped_column(String(64), default="")
    guardian_relation: Mapped[str] = mapped_column(String(24), default="grandparent")
    guardian_phone: Mapped[str] = mapped_column(String(32), default="")
    parents_work_place: Mapped[str] = mapped_column(String(120), default="")
    parents_phone: Mapped[str] = mapped_column(String(32), default="")
    # Since when the parents (or the one away) have worked away: a child counts as left behind only from three
    # months on ("按连续外出务工3个月以上把握", 004 line 28).
    parents_away_since: Mapped[date | None]
    school: Mapped[str] = mapped_column(String(120), default="")
    grade_class: Mapped[str] = mapped_column(String(32), default="")
    schooling: Mapped[str] = mapped_column(String(24), default="in_school")
    help_needed: Mapped[str] = mapped_column(Text, default="")
    wishes: Mapped[str] = mapped_column(Text, default="")
