"""The elderly profile: where the children are, support, income, self-care, carers (001 篇十七, 002)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.plugin import GroupProfile


class ElderProfile(GroupProfile, db.Model):
    __tablename__ = "elderly_profiles"

    children_whereabouts: Mapped[str] = mapped_column(Text, default="")
    children_all_away: Mapped[bool] = mapped_column(default=True)
    children_away_since: Mapped[date | None]
    supporters_unable: Mapped[bool] = mapped_column(default=False)
    support_duty_met: Mapped[bool] = mapped_column(default=True)
    income_source: Mapped[str] = mapped_column(String(120), default="")
    family_structure: Mapped[str] = mapped_column(String(24), default="alone")
    self_care: Mapped[str] = mapped_column(String(16), default="full")
    health: Mapped[str] = mapped_column(Text, default="")
    carer: Mapped[str] = mapped_column(String(64), default="")
    proxy_shopper: Mapped[str] = mapped_column(String(64), default="")
    # For the lost-elder card (防走失卡): people with dementia or who wander are found and helped faster
    # when they carry what a stranger needs to call someone (001 篇十七: elderly found wandering).
    wanders: Mapped[bool] = mapped_column(default=False, server_default="0")
    blood_type: Mapped[str] = mapped_column(String(8), default="", server_default="")
    conditions: Mapped[str] = mapped_column(String(200), default="", server_default="")
    allergies: Mapped[str] = mapped_column(String(200), default="", server_default="")
    people_to_call: Mapped[str] = mapped_column(String(300), default="", server_default="")
