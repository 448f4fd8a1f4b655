"""Forms of the cards feature: a place's contact for one role, a group's policy card."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, Regexp

from .contacts import ROLES

PHONE = Regexp(r"^[0-9][0-9 ()+\-]{2,19}$", message=_l("Digits only, with spaces or dashes; at least 3."))


class ContactForm(FlaskForm):
    role = SelectField(_l("Role"), choices=list(ROLES.items()), validators=[DataRequired()])
    name = StringField(_l("Name or office"), validators=[Optional(), Length(max=64)])
    phone = StringField(_l("Phone"), validators=[DataRequired(), PHONE])


class PolicyCardForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=100)])
    policies = TextAreaField(_l("Support policies"), validators=[DataRequired(), Length(max=1500)])
    contacts = TextAreaField(_l("Contact persons"), validators=[Optional(), Length(max=400)])
