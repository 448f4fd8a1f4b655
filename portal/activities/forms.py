"""Activity and hours forms."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DateTimeLocalField,
    FloatField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..core.time import local_now, local_today
from ..web.forms import plausible_year

#: How far ahead an activity may start (a typo in the year is caught, a yearly plan is not).
PLANNING_HORIZON = timedelta(days=2 * 366)


class ActivityForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    service = SelectField(_l("Service"))
    starts_at = DateTimeLocalField(_l("Starts"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(), plausible_year])
    ends_at = DateTimeLocalField(_l("Ends"), format="%Y-%m-%dT%H:%M", validators=[DataRequired(), plausible_year])
    place_id = SelectField(_l("Village or township"), coerce=int)
    location = StringField(_l("Where exactly"), validators=[Optional(), Length(max=200)])
    volunteer_slots = IntegerField(_l("Volunteers needed"), default=2, validators=[DataRequired(), NumberRange(1, 500)])
    beneficiary_slots = IntegerField(_l("People it can serve"), default=10, validators=[Optional(), NumberRange(0, 5000)])
    description = TextAreaField(_l("What happens"), validators=[Optional(), Length(max=4000)])

    def validate_starts_at(self, field):
        if field.data and field.data > local_now().replace(tzinfo=None) + PLANNING_HORIZON:
            raise ValidationError(_l("An activity can be planned at most two years ahead."))

    def validate_ends_at(self, field):
        if field.data and self.starts_at.data and field.data <= self.starts_at.data:
            raise ValidationError(_l("The end must come after the start."))


class HoursForm(FlaskForm):
    day = DateField(_l("Day"), default=local_today, validators=[DataRequired()])  # the local date, not the server's
    hours = FloatField(_l("Hours"), validators=[DataRequired(), NumberRange(0.25, 24)])
    target = SelectField(_l("For"))
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300)])

    #: The day the volunteer joined (set by the page): no hours before it.
    joined_on: date | None = None

    def validate_day(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("The date cannot be in the future."))
        if field.data and self.joined_on and field.data < self.joined_on:
            raise ValidationError(_l("The date cannot be before you joined (%(day)s).", day=self.joined_on.isoformat()))
