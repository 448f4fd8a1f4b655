"""A health reading taken on a phone without a signal (issue 31), kept by the health file's own service
(``readings.record_reading``: implausible values refused naming the field, out-of-range ones flagged). The day
shows of each person only what a paired helper's part of the file allows (``access.HELPER_PARTS``): the chronic
conditions under management, never a disability, vaccinations or illnesses."""
from __future__ import annotations

from flask import url_for
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..assignment.scopes import people_paired_with
from ..core.scoping import scoped
from ..core.time import local_today
from ..extensions import db
from ..offline.records import OfflineKind, OfflineRefused
from ..web.forms import plausible_year
from ..web.numbers import MAX_ID
from .access import KEEPERS, parts_for
from .models import Condition, Reading
from .readings import KINDS, LABELS, HealthRefused, record_reading


class OfflineReadingForm(FlaskForm):
    person = IntegerField(_l("Person"), validators=[DataRequired(), NumberRange(min=1, max=MAX_ID)])
    kind = SelectField(_l("Reading"), choices=list(KINDS.items()), validators=[DataRequired()])
    taken_on = DateField(LABELS["taken_on"], default=local_today, validators=[DataRequired(), plausible_year])
    systolic = StringField(LABELS["systolic"], validators=[Optional(), Length(max=8)])
    diastolic = StringField(LABELS["diastolic"], validators=[Optional(), Length(max=8)])
    glucose = StringField(LABELS["glucose"], validators=[Optional(), Length(max=8)])
    height = StringField(LABELS["height"], validators=[Optional(), Length(max=8)])
    weight = StringField(LABELS["weight"], validators=[Optional(), Length(max=8)])
    taken_by = StringField(LABELS["taken_by"], validators=[Optional(), Length(max=64)])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])


def create_reading(actor, data: dict, photos) -> tuple[Reading, str]:
    person = data["person"]
    values = {k: v for k, v in data.items() if k != "person"}
    values["taken_on"] = data["taken_on"].isoformat() if data.get("taken_on") else None
    try:
        reading = record_reading(actor, person, values)
    except HealthRefused as refused:
        message = f"{refused.label}: {refused}"
        raise OfflineRefused(message, {refused.field: [str(refused)]}) from None
    db.session.flush()
    return reading, url_for("health.file", person_id=person.id) + "#readings"


def health_facts(user, ids: list[int]) -> dict[int, dict]:
    """The chronic conditions under management of each person (a paired helper's part of the file), for the people
    the user is paired with (a grid worker who owns a knock round for a hamlet needs none of them); staff, who keep
    the file, for all the people of their day. One query."""
    if "conditions" not in parts_for(user):
        return {}
    out: dict[int, dict] = {pid: {"conditions": []} for pid in ids}
    stmt = scoped(Condition, user, select(Condition.beneficiary_id, Condition.name)).where(
        Condition.beneficiary_id.in_(ids), Condition.ended_on.is_(None))
    if user.role not in KEEPERS:
        stmt = stmt.where(Condition.beneficiary_id.in_(people_paired_with(user)))
    rows = db.session.execute(stmt.order_by(Condition.beneficiary_id, Condition.name)).all()
    for pid, name in rows:
        out[pid]["conditions"].append(name)
    return out


def offline_kinds() -> list[OfflineKind]:
    return [OfflineKind("reading", _l("Health reading"), OfflineReadingForm, create_reading, facts=health_facts,
                        order=50, source="003: 为留守儿童免费检查身体, 项目为测血压、体重、身高; 健康档案")]
