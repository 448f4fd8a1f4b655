"""Volunteer forms: registration, profile, and a coordinator's review."""
from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FloatField,
    PasswordField,
    SelectField,
    StringField,
    TelField,
    ValidationError,
)
from wtforms.widgets import HiddenInput
from wtforms.validators import DataRequired, EqualTo, Length, NumberRange, Optional, Regexp

from ..auth.passwords import password_problem
from ..core.texts import vocabularies
from ..core.time import local_today
from ..ledger.forms import PHONE, PHONE_KW, gender_choices
from ..places.widgets import TownshipFirst
from ..web.forms import VersionedForm, checkbox_list, codes_with_other, split_known
from .availability import from_codes, slot_choices, to_codes

#: The most people a volunteer takes for one service.
MAX_PER_SERVICE = 5


def kind_choices():
    """No default kind of helper: a blank first choice."""
    return [("", _l("(choose)"))] + vocabularies().choices("volunteer_kinds")


def check_choices():
    """What a coordinator records; "expired" is worked out from the date, never chosen."""
    return [(code, label) for code, label in vocabularies().choices("check_statuses") if code != "expired"]


def read_service_capacities(form: Mapping[str, str], services) -> tuple[dict[str, int], dict[str, str]]:
    """Read the ``svc-<service key>`` fields: how many people for each service; values and errors by key."""
    values, errors = {}, {}
    for key in services:
        raw = (form.get(f"svc-{key}") or "").strip() or "0"
        # isdecimal and isascii: "²" or "٣" pass isdigit() but are no number a person typed
        if not (raw.isascii() and raw.isdecimal()) or int(raw) > MAX_PER_SERVICE:
            errors[key] = _("Enter a whole number from 0 to %(n)d.", n=MAX_PER_SERVICE)
        elif int(raw):
            values[key] = int(raw)
    return values, errors


class VolunteerProfileForm(VersionedForm, FlaskForm):
    """What a volunteer says about themselves: who, where, what they can do, how much, when."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=64)])
    phone = TelField(_l("Phone"), validators=[DataRequired(), PHONE], render_kw=PHONE_KW)
    gender = SelectField(_l("Gender"), choices=gender_choices, validators=[DataRequired()])
    kind = SelectField(_l("I am a"), choices=kind_choices, validators=[DataRequired()])
    place_id = SelectField(_l("Village or grid"), coerce=int, widget=TownshipFirst())
    # Filled by "use my location" (static/location.js), never typed (issue 27).
    lat = FloatField(_l("Latitude"), validators=[Optional(), NumberRange(-90, 90)], widget=HiddenInput())
    lon = FloatField(_l("Longitude"), validators=[Optional(), NumberRange(-180, 180)], widget=HiddenInput())
    travel_km = FloatField(_l("How far I can travel (km)"), default=5.0, validators=[DataRequired(), NumberRange(0.5, 100)])
    skills = checkbox_list(_l("Skills"))
    skills_other = StringField(_l("Other skills (comma separated)"), validators=[Optional(), Length(max=300)])
    availability = checkbox_list(_l("When I am free"), choices=slot_choices, validate_choice=True)

    def fill_skill_choices(self) -> None:
        self.skills.choices = vocabularies().choices("skills")

    def show_availability(self, stored: str | None) -> None:
        """Tick the stored slots (old free text ticks none; the page shows it beside)."""
        self.availability.data = to_codes(stored)

    def show_skills(self, stored: list[str] | None) -> None:
        """Put stored skills back into the list and the "other" text."""
        self.skills.data, self.skills_other.data = split_known(stored, vocabularies().codes("skills"))

    def profile_data(self) -> dict:
        """The form as plain data for :func:`portal.volunteers.profile.save_volunteer`."""
        data = {name: self[name].data for name in (
            "name", "phone", "gender", "kind", "place_id", "lat", "lon", "travel_km")}
        data["availability"] = from_codes(self.availability.data)
        data["skills"] = codes_with_other(self.skills.data, self.skills_other.data)
        return data


class VolunteerSignupForm(VolunteerProfileForm):
    """Registration: a profile plus the account to sign in with."""

    username = StringField(_l("Username"), validators=[
        DataRequired(), Length(min=3, max=64),
        Regexp(r"^[A-Za-z0-9_.\-]+$", message=_l("Use letters, digits, dot, dash or underscore."))])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(min=8, max=128)])
    confirm = PasswordField(_l("Password again"),
                            validators=[DataRequired(), EqualTo("password", message=_l("The two passwords differ."))])

    def validate_password(self, field):
        problem = password_problem(field.data or "", self.username.data, "volunteer")
        if problem:
            raise ValidationError(problem)

    pledge = BooleanField(_l("I will protect the privacy of the people I help and report any danger at once."),
                          validators=[DataRequired(message=_l("Please agree to the pledge."))])


class ReviewVolunteerForm(VersionedForm, FlaskForm):
    decision = SelectField(_l("Decision"), choices=lambda: [("approve", _l("Approve")), ("reject", _l("Reject"))])
    background_check = SelectField(_l("Background check"), choices=check_choices)
    checked_on = DateField(_l("Checked on"), validators=[Optional()])
    reason = StringField(_l("Reason (needed to reject)"), validators=[Optional(), Length(max=300)])

    def validate(self, extra_validators=None) -> bool:
        """Field checks, then the rules that tie fields together."""
        ok = super().validate(extra_validators)
        if self.decision.data == "reject" and not (self.reason.data or "").strip():
            self.reason.errors.append(_l("Say why the volunteer is rejected."))
            ok = False
        if self.background_check.data == "passed" and not self.checked_on.data:
            self.checked_on.errors.append(_l("Give the date of the passed check."))
            ok = False
        if self.checked_on.data and self.checked_on.data > local_today():  # the local date, not the server's
            self.checked_on.errors.append(_l("The date cannot be in the future."))
            ok = False
        return ok


