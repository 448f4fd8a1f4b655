"""Sign-in, password and user forms."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    PasswordField,
    SelectField,
    StringField,
    ValidationError,
)
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp

from ..web.access import AREA_ROLES
from .passwords import password_problem


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=128)])
    confirm = PasswordField(_l("New password again"),
                            validators=[DataRequired(), EqualTo("new", message=_l("The two passwords differ."))])


class UserForm(FlaskForm):
    username = StringField(_l("Username"), validators=[
        DataRequired(), Length(max=64),
        Regexp(r"^[A-Za-z0-9_.\-]+$", message=_l("Use letters, digits, dot, dash or underscore."))])
    display_name = StringField(_l("Name"), validators=[DataRequired(), Length(max=64)])
    role = SelectField(_l("Role"))
    place_id = SelectField(_l("Jurisdiction"), coerce=int)
    group = SelectField(_l("Group"))
    active = BooleanField(_l("Active"), default=True)
    password = PasswordField(_l("Password"), validators=[Optional(), Length(max=128)])
    must_change_password = BooleanField(_l("Must choose a new password at the next sign-in"))

    def validate_password(self, field):
        problem = password_problem(field.data, self.username.data, self.role.data) if field.data else None
        if problem:
            raise ValidationError(problem)

    def validate_place_id(self, field):
        if self.role.data in AREA_ROLES and not field.data:
            raise ValidationError(_l("Coordinators and group staff need a jurisdiction."))

    def validate_group(self, field):
        if self.role.data == "staff" and not field.data:
            raise ValidationError(_l("Group staff need a group."))


