"""Duties on a phone without a signal (issue 31): the grid's knock round (000, "一敲门") done offline and sent later,
and the duties an owner has for each person of their day. The people whose duties the user owns come into the day
here (issue 28: the owner's list); the round is made by the duties' own service (``services.record_round``)."""
from __future__ import annotations

from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from sqlalchemy import select
from wtforms import DateField, IntegerField, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..core.time import local_today
from ..extensions import db
from ..offline.records import OfflineKind, OfflineRefused
from ..places.models import Place
from ..web.forms import plausible_year
from .models import DutyDue, KnockRound
from .scopes import owned_by
from .rules import duty_name
from .services import record_round
from ..core.sql import by_pinyin


class OfflineRoundForm(FlaskForm):
    place = SelectField(_l("Grid"), coerce=int, validators=[DataRequired()])
    day = DateField(_l("Day"), default=local_today, validators=[DataRequired(), plausible_year])
    doors = IntegerField(_l("Doors knocked"), validators=[Optional(), NumberRange(min=0, max=10000)])
    found = TextAreaField(_l("Anything found"), validators=[Optional(), Length(max=2000)])


def my_grids(user) -> list[tuple[int, str]]:
    """The places whose knock round ``user`` owns (one grouped query)."""
    rows = db.session.execute(select(DutyDue.place_id, Place.name).join(Place, Place.id == DutyDue.place_id)
                              .where(owned_by(user), DutyDue.action == "knock")
                              .group_by(DutyDue.place_id, Place.name).order_by(by_pinyin(Place.name))).all()
    return [(pid, name) for pid, name in rows]


def create_round(actor, data: dict, photos) -> tuple[KnockRound, str]:
    if data["place"] not in dict(my_grids(actor)):
        message = _("You do not own the knock round of this grid.")
        raise OfflineRefused(message, {"place": [message]})
    day, today = data["day"], local_today()
    if day > today:
        message = _("The day cannot be in the future.")
        raise OfflineRefused(message, {"day": [message]})
    days = int(current_app.config.get("GUANAI_OFFLINE_DAYS", 7))
    if day < today - timedelta(days=days):
        message = _("The round cannot be more than %(days)s days ago.", days=days)
        raise OfflineRefused(message, {"day": [message]})
    row = record_round(actor, data["place"], day, data.get("doors"), data.get("found") or "")
    db.session.flush()
    return row, url_for("duties.mine")


def owned_people(user):
    return select(DutyDue.beneficiary_id).where(owned_by(user))


def duty_facts(user, ids: list[int]) -> dict[int, dict]:
    """The duties ``user`` owns for each person (a knock round is the grid's, not the person's): one query."""
    today = local_today()
    out: dict[int, dict] = {pid: {"duties": []} for pid in ids}
    rows = db.session.execute(select(DutyDue.beneficiary_id, DutyDue.duty, DutyDue.action, DutyDue.due_on)
                              .where(DutyDue.beneficiary_id.in_(ids), owned_by(user),
                                     DutyDue.action != "knock")
                              .order_by(DutyDue.beneficiary_id, DutyDue.due_on, DutyDue.duty)).all()
    for pid, key, action, due_on in rows:
        out[pid]["duties"].append({"key": key, "label": duty_name(key), "action": action,
                                   "due_on": due_on.isoformat(), "overdue": due_on < today})
    return out


def offline_kinds() -> list[OfflineKind]:
    return [OfflineKind("duty_round", _l("Knock round"), OfflineRoundForm, create_round, for_person=False,
                        people=owned_people, facts=duty_facts, choices=lambda user: {"place": my_grids(user)},
                        order=40, source="000: 一敲门, the grid's daily round; issue 28: the owner's duties")]
