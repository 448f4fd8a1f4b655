"""The visit log form, made for a phone: one column, the person picked from one's own list, now by default."""
from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import MultipleFileField
from wtforms import BooleanField, DateField, DateTimeLocalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from ..core.time import local_now
from ..web.forms import checkbox_list, plausible_year

#: A phone's clock may run a little ahead of the server's: a visit "now" is not refused as in the future.
FUTURE_GRACE = timedelta(minutes=5)
AREAS = ("living", "family", "guardianship", "health", "study", "safety", "mood")
RELATIONS = (("self", _l("the person")), ("grandparent", _l("grandparent")), ("parent", _l("parent")),
             ("guardian", _l("guardian")), ("spouse", _l("spouse")), ("child", _l("son or daughter")),
             ("teacher", _l("teacher")), ("neighbour", _l("neighbour")), ("other", _l("other")))


def _now():
    return local_now().replace(second=0, microsecond=0)


class VisitForm(FlaskForm):
    target = SelectField(_l("Whom and for which rule"), validators=[DataRequired()])
    visited_at = DateTimeLocalField(_l("Date and time"), format="%Y-%m-%dT%H:%M", default=_now,
                                    validators=[DataRequired(), plausible_year])
    mode = SelectField(_l("How"), validators=[DataRequired()])
    occasion = SelectField(_l("Holiday visit"), validators=[Optional()])
    helpers = checkbox_list(_l("Who visited"), coerce=int, validators=[Optional()])
    other_visitors = StringField(_l("Others who came"), validators=[Optional(), Length(max=200)])
    spoke_to = StringField(_l("Spoke with"), validators=[DataRequired(), Length(max=64)])
    relation = SelectField(_l("Relation to the person"), choices=RELATIONS, validators=[DataRequired()])
    finding_living = TextAreaField(_l("Living conditions"), validators=[Optional(), Length(max=2000)])
    finding_family = TextAreaField(_l("Family"), validators=[Optional(), Length(max=2000)])
    finding_guardianship = TextAreaField(_l("Guardianship"), validators=[Optional(), Length(max=2000)])
    finding_health = TextAreaField(_l("Health"), validators=[Optional(), Length(max=2000)])
    finding_study = TextAreaField(_l("Study and schooling"), validators=[Optional(), Length(max=2000)])
    finding_safety = TextAreaField(_l("Safety"), validators=[Optional(), Length(max=2000)])
    finding_mood = TextAreaField(_l("Mood and mental state"), validators=[Optional(), Length(max=2000)])
    parents_contact_on = DateField(_l("Last contact with the parents"), validators=[Optional(), plausible_year])
    close_attention = BooleanField(_l("Needs close attention (重点关注)"))
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=4000)])
    follow_up_what = StringField(_l("Follow-up: what"), validators=[Optional(), Length(max=200)])
    follow_up_who = StringField(_l("Follow-up: who"), validators=[Optional(), Length(max=64)])
    follow_up_due = DateField(_l("Follow-up: by when"), validators=[Optional(), plausible_year])
    photos = MultipleFileField(_l("Photos"))

    def validate_visited_at(self, field):
        if field.data and field.data > _now() + FUTURE_GRACE:
            raise ValidationError(_l("A visit cannot be in the future."))

    def validate_follow_up_due(self, field):
        if field.data and not self.follow_up_what.data:
            raise ValidationError(_l("Say what is to be done."))

    def findings(self) -> dict[str, str]:
        return {area: (self[f"finding_{area}"].data or "").strip() for area in AREAS}


class RiskForm(FlaskForm):
    level = SelectField(_l("Risk level"), validators=[DataRequired()])
