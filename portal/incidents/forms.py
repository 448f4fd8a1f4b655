"""Forms: opening an incident (a few fields, phone first), recording a step, closing with an outcome."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from ..core.texts import vocabularies
from ..web.forms import plausible_year


class OpenForm(FlaskForm):
    kind = SelectField(_l("Type"), validators=[DataRequired()])
    what = TextAreaField(_l("What happened"), validators=[DataRequired(), Length(max=4000)])
    location = StringField(_l("Where"), validators=[Optional(), Length(max=200)])
    occurred_at = DateTimeLocalField(_l("When it happened"), format="%Y-%m-%dT%H:%M",
                                     validators=[Optional(), plausible_year])
    problem = SelectField(_l("Problem type for the task team"), validators=[Optional()])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        labels = [(code, str(label)) for code, label in vocabularies().choices("incident_problems")]
        self.problem.choices = [("", _l("As the type says")), *labels]


class StepForm(FlaskForm):
    told_whom = StringField(_l("Who was told"), validators=[DataRequired(), Length(max=200)])
    means = SelectField(_l("By what means"), validators=[DataRequired()])
    done_at = DateTimeLocalField(_l("When (empty: now)"), format="%Y-%m-%dT%H:%M",
                                 validators=[Optional(), plausible_year])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500)])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.means.choices = [(c, str(label)) for c, label in vocabularies().choices("incident_means")]


class CloseForm(FlaskForm):
    outcome = TextAreaField(_l("Outcome"), validators=[DataRequired(), Length(max=4000)])
    follow_up = TextAreaField(_l("Follow-ups"), validators=[Optional(), Length(max=4000)])
