"""The hardship profile: why the person counts (widowed, orphaned or childless, 低保, 五保, disabled), how they are
supported, and the watch on households at risk of falling back into poverty (002)."""
from __future__ import annotations

from datetime import date

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from portal.extensions import db
from portal.plugin import GroupProfile


class HardshipProfile(GroupProfile, db.Model):
    __tablename__ = "hardship_profiles"

    living: Mapped[str] = mapped_column(String(16), default="dispersed")   # dispersed, centralised (敬老院)
    widowed: Mapped[bool] = mapped_column(default=False)                  # 鳏寡
    orphaned: Mapped[bool] = mapped_column(default=False)                 # 孤
    childless: Mapped[bool] = mapped_column(default=False)                # 独 (no child to support them)
    dibao: Mapped[bool] = mapped_column(default=False)                    # 低保户
    wubao: Mapped[bool] = mapped_column(default=False)                    # 五保户 / 特困供养
    disabled: Mapped[bool] = mapped_column(default=False)                 # 残疾人
    # 防返贫动态监测 (002: "加强对脱贫不稳定户、边缘易致贫户的动态监测"): none, unstable, marginal, sudden
    watch: Mapped[str] = mapped_column(String(16), default="none")
    watch_reason: Mapped[str] = mapped_column(String(16), default="")    # illness, schooling, disability, disaster ...
    watched_since: Mapped[date | None]
    income_note: Mapped[str] = mapped_column(String(200), default="")
