"""The form for the hardship profile."""
from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from portal.plugin import Text

LIVING = [("dispersed", Text("分散供养", "Living dispersed")), ("centralised", Text("集中供养", "In a care home"))]
WATCH = [("none", Text("未纳入监测", "Not watched")), ("unstable", Text("脱贫不稳定户", "Out of poverty, unstable")),
         ("marginal", Text("边缘易致贫户", "At the edge of poverty")),
         ("sudden", Text("突发严重困难户", "Sudden severe hardship"))]
REASONS = [("", Text("—", "—")), ("illness", Text("因病", "Illness")), ("schooling", Text("因学", "Schooling")),
           ("disability", Text("因残", "Disability")), ("disaster", Text("因灾", "Disaster")),
           ("accident", Text("因意外", "Accident")), ("other", Text("其他", "Other"))]


class HardshipProfileForm(FlaskForm):
    living = SelectField(Text("供养方式", "Support"), choices=LIVING)
    widowed = BooleanField(Text("鳏寡", "Widowed"))
    orphaned = BooleanField(Text("孤儿或孤老", "Orphaned"))
    childless = BooleanField(Text("无子女（独）", "Childless"))
    dibao = BooleanField(Text("低保户", "Subsistence allowance (低保)"))
    wubao = BooleanField(Text("五保户·特困供养", "Five guarantees (五保)"))
    disabled = BooleanField(Text("残疾人", "Disabled"))
    watch = SelectField(Text("防返贫监测", "Watched against falling back into poverty"), choices=WATCH)
    watch_reason = SelectField(Text("致困原因", "Why at risk"), choices=REASONS)
    watched_since = DateField(Text("纳入监测时间", "Watched since"), validators=[Optional()])
    income_note = StringField(Text("收入情况", "Income"), validators=[Optional(), Length(max=200)])
