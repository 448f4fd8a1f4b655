"""The women's profile: husband away, health and screening, skills and jobs wanted (000, 002)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.plugin import GroupProfile


class WomanProfile(GroupProfile, db.Model):
    __tablename__ = "women_profiles"

    husband_name: Mapped[str] = mapped_column(String(64), default="")
    husband_work_place: Mapped[str] = mapped_column(String(120), default="")
    husband_away_since: Mapped[date | None]
    husband_phone: Mapped[str] = mapped_column(String(32), default="")
    health: Mapped[str] = mapped_column(Text, default="")
    mental_health: Mapped[str] = mapped_column(Text, default="")
    last_screening: Mapped[date | None]
    skills_wanted: Mapped[str] = mapped_column(String(200), default="")
    jobs_wanted: Mapped[str] = mapped_column(String(200), default="")
