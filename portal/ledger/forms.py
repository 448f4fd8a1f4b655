"""The ledger's forms: the fields every group shares, and leaving the ledger."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    SelectField,
    StringField,
    TelField,
    TextAreaField,
    ValidationError,
)
from wtforms.validators import DataRequired, Length, Optional, Regexp

from ..core.texts import vocabularies
from ..core.time import local_today
from ..places.widgets import TownshipFirst
from ..web.forms import VersionedForm, checkbox_list, codes_with_other, split_known
from . import rules

#: The ledger's phone rule (``rules.PHONE_PATTERN``) as a form validator: the record service and the import
#: check the same pattern with the same message.
PHONE = Regexp(rules.PHONE_PATTERN, message=rules.PHONE_MESSAGE)
def phone_numbers(form, field) -> None:
    """A validator for a field of one or several phones, each with an optional label ("父亲：…；母亲：…"): the
    ledger's phone rule for each (a group's profile uses it for its phone fields; ``portal.plugin``)."""
    problem = rules.phones_problem(field.data)
    if problem:
        raise ValidationError(problem)


#: Phone fields bring up the phone keypad on phones.
PHONE_KW = {"inputmode": "tel", "autocomplete": "tel"}


def gender_choices():
    """No default: a blank first choice, so that nobody is saved as a girl because 女 was preselected."""
    return [("", _l("(choose)"))] + vocabularies().choices("genders")


class BeneficiaryForm(VersionedForm, FlaskForm):
    """The fields every group's ledger shares; the group's profile form adds its own."""

    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=64)])
    gender = SelectField(_l("Gender"), choices=gender_choices, validators=[DataRequired()])
    birth_date = DateField(_l("Date of birth"), validators=[DataRequired()])
    id_number = StringField(_l("ID-card number"), validators=[Optional(), Length(max=18)],
                            filters=[lambda v: v.strip().upper() if v else v])
    phone = TelField(_l("Phone"), validators=[Optional(), PHONE], render_kw=PHONE_KW)
    place_id = SelectField(_l("Village or grid"), coerce=int, widget=TownshipFirst())
    household_id = SelectField(_l("Household"), coerce=int)
    new_household_head = StringField(_l("Or a new household, head's name"), validators=[Optional(), Length(max=64)])
    address = StringField(_l("Address"), validators=[Optional(), Length(max=200)])
    living_situation = StringField(_l("Living situation"), validators=[Optional(), Length(max=200)])
    category = SelectField(_l("Category"))
    needs = checkbox_list(_l("Needs"))
    needs_other = StringField(_l("Other needs (comma separated)"), validators=[Optional(), Length(max=300)])
    services = checkbox_list(_l("Services needed"))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])

    def validate_birth_date(self, field):
        problem = rules.birth_date_problem(field.data)
        if problem:
            raise ValidationError(problem)

    def validate_id_number(self, field):
        problem = rules.id_number_problem(field.data, self.birth_date.data)
        if problem:
            raise ValidationError(problem)

    def fill_skill_choices(self) -> None:
        """Needs are picked from the skills vocabulary (matching compares them with helpers' skills)."""
        self.needs.choices = vocabularies().choices("skills")

    def show_needs(self, stored: list[str] | None) -> None:
        """Put a record's stored needs back into the list and the "other" text."""
        self.needs.data, self.needs_other.data = split_known(stored, vocabularies().codes("skills"))

    def record_data(self) -> dict:
        """The form as plain data for :func:`portal.ledger.records.save_record`."""
        data = {name: self[name].data for name in (
            "name", "gender", "birth_date", "id_number", "phone", "place_id", "household_id", "new_household_head",
            "address", "living_situation", "category", "services", "notes")}
        data["needs"] = codes_with_other(self.needs.data, self.needs_other.data)
        return data


def leave_reason_choices():
    return vocabularies().choices("leave_reasons")


class LeaveForm(FlaskForm):
    reason = SelectField(_l("Reason"), choices=leave_reason_choices)
    # The local date (GUANAI_TIMEZONE), not the server's: between 00:00 and 08:00 in Beijing a UTC server's
    # date is yesterday's, and "today" was refused as in the future (issue 27).
    left_on = DateField(_l("Date"), validators=[DataRequired()], default=local_today)
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=1000)])

    def validate_left_on(self, field):
        if field.data and field.data > local_today():
            raise ValidationError(_l("The date cannot be in the future."))




class ReturnForm(FlaskForm):
    """A person who left comes back: why (parents left again, moved back ...)."""

    reason = StringField(_l("Why they come back"), validators=[DataRequired(), Length(max=300)])
