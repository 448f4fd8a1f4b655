"""An incident written on a phone without a signal (issue 31): sent first when the signal returns, opened by the
incidents' own service (``reporting.open_incident``) with its steps' clocks from when it happened. The phone says
plainly that it has not reached anyone and shows the numbers to call now (``day.json``'s emergency numbers)."""
from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..core.time import from_local, utcnow
from ..extensions import db
from ..offline.records import OfflineKind, OfflineRefused
from ..web.forms import plausible_year
from ..web.numbers import MAX_ID
from .models import Incident
from .reporting import open_incident
from .types import all_types, type_of


class OfflineIncidentForm(FlaskForm):
    person = IntegerField(_l("Person"), validators=[DataRequired(), NumberRange(min=1, max=MAX_ID)])
    kind = SelectField(_l("Type"), validators=[DataRequired()])
    what = TextAreaField(_l("What happened"), validators=[DataRequired(), Length(max=4000)])
    location = StringField(_l("Where"), validators=[Optional(), Length(max=200)])
    occurred_at = DateTimeLocalField(_l("When it happened"), format="%Y-%m-%dT%H:%M",
                                     validators=[Optional(), plausible_year])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Every group's types, keyed "<group>.<code>": the phone offers those of the person's group.
        self.kind.choices = [(key, str(kind.name)) for key, kind in all_types().items()]


def create_incident(actor, data: dict, photos) -> tuple[Incident, str]:
    person = data["person"]
    kind = type_of(data["kind"])
    if kind is None or kind.group != person.group:
        message = _("This type of incident is not for this person's group.")
        raise OfflineRefused(message, {"kind": [message]})
    occurred = from_local(data["occurred_at"]) if data.get("occurred_at") else None
    if occurred is not None and occurred > utcnow():
        message = _("The time it happened cannot be in the future.")
        raise OfflineRefused(message, {"occurred_at": [message]})
    incident = open_incident(actor, person, kind, what=data["what"], location=data.get("location") or person.address,
                             occurred_at=occurred)
    db.session.flush()
    return incident, url_for("incidents.detail", incident_id=incident.id)


def offline_kinds() -> list[OfflineKind]:
    return [OfflineKind("incident", _l("Incident"), OfflineIncidentForm, create_incident, order=10,
                        source="004: 结对主体要履行强制报告责任 ... 要立即向公安、民政 ... 报告")]
