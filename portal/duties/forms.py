"""Forms of the duties pages: a contact with the absent family, a knock round's findings, an owner's assignment."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from ..core.time import local_today
from ..places.widgets import TownshipFirst

HOW = (("phone", _l("Phone")), ("text", _l("Text message")), ("online", _l("Online (video, chat)")),
       ("visit", _l("In person")))


class ContactForm(FlaskForm):
    contacted_on = DateField(_l("Date"), default=local_today, validators=[DataRequired()])
    who = StringField(_l("Who was in touch (father, daughter ...)"), validators=[DataRequired(), Length(max=64)])
    how = SelectField(_l("How"), choices=HOW)
    said = TextAreaField(_l("What was said"), validators=[Optional(), Length(max=2000)])


class RoundForm(FlaskForm):
    doors = IntegerField(_l("Doors knocked"), validators=[Optional(), NumberRange(min=0, max=10000)])
    found = TextAreaField(_l("Anything found"), validators=[Optional(), Length(max=2000)])


class OwnerForm(FlaskForm):
    role = SelectField(_l("Role"), validators=[DataRequired()])
    place = SelectField(_l("Place (village, grid or township)"), coerce=lambda v: int(v) if v else None,
                        validators=[Optional()], widget=TownshipFirst())
    unit = StringField(_l("School and class (for a class teacher)"), validators=[Optional(), Length(max=160)])
    username = StringField(_l("User name of the owner"), validators=[DataRequired(), Length(max=64)])


class PersonOwnerForm(FlaskForm):
    """One person's one duty given an owner of its own (who wins over the place's or class's owner)."""

    duty = SelectField(_l("Duty"), validators=[DataRequired()])
    username = StringField(_l("User name of the owner"), validators=[DataRequired(), Length(max=64)])
