"""The women's plugin's forms: her profile, a job posting, a course she attended."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, DecimalField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.core.time import local_today
from portal.plugin import Text
from portal.web.forms import plausible_year


class WomanProfileForm(FlaskForm):
    husband_name = StringField(Text("丈夫姓名", "Husband's name"), validators=[Optional(), Length(max=64)])
    husband_work_place = StringField(Text("丈夫务工地", "Where the husband works"), validators=[Optional(), Length(max=120)])
    husband_away_since = DateField(Text("丈夫外出时间", "Husband away since"), validators=[Optional()])
    husband_phone = StringField(Text("丈夫电话", "Husband's phone"), validators=[Optional(), Length(max=32)])
    health = TextAreaField(Text("健康状况", "Health"), validators=[Optional(), Length(max=2000)])
    mental_health = TextAreaField(Text("心理健康", "Mental health"), validators=[Optional(), Length(max=2000)])
    last_screening = DateField(Text("最近一次“两癌”筛查", "Last two-cancer screening"), validators=[Optional()])
    skills_wanted = StringField(Text("希望学习的技能", "Skills wanted"), validators=[Optional(), Length(max=200)])
    jobs_wanted = StringField(Text("就业意向", "Jobs wanted"), validators=[Optional(), Length(max=200)])


def not_after_today(form, field) -> None:
    if field.data is not None and field.data > local_today():
        raise ValidationError(_l("%(field)s: the day cannot be after today.", field=field.label.text))


class JobPostingForm(FlaskForm):
    """A job the staff found (002: 积极提供就业岗位信息); the area's choices are set by the view."""
    title = StringField(_l("Job"), validators=[DataRequired(), Length(max=120)])
    employer = StringField(_l("Employer"), validators=[DataRequired(), Length(max=120)])
    place = SelectField(_l("Posted to"), coerce=int, validate_choice=True)
    workplace = StringField(_l("Where the work is"), validators=[Optional(), Length(max=200)])
    pay = StringField(_l("Pay"), validators=[Optional(), Length(max=64)])
    contact = StringField(_l("Contact"), validators=[Optional(), Length(max=120)])
    closes_on = DateField(_l("Sign-up closes on"), validators=[DataRequired(), plausible_year])
    details = TextAreaField(_l("Details"), validators=[Optional(), Length(max=4000)])


class TrainingForm(FlaskForm):
    """A course a woman attended (000: 技能培训), with the certificate she earned."""
    course = StringField(_l("Course"), validators=[DataRequired(), Length(max=120)])
    attended_on = DateField(_l("Day"), validators=[DataRequired(), plausible_year, not_after_today])
    hours = DecimalField(_l("Training hours"), places=1, default=0, validators=[Optional(), NumberRange(min=0, max=500)])
    certificate = StringField(_l("Certificate"), validators=[Optional(), Length(max=120)])
