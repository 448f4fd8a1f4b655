"""People in need (困难群众): a group added as its own package, with no core edit (the proof that a third party
can add a group; the shipped 特困群众 group is plugins/hardship).

Written with plain module-level hook implementations, the way a third-party author may prefer.
"""
from __future__ import annotations

import os

from flask_wtf import FlaskForm
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column
from wtforms import SelectField

from portal.plugin import (
    Category,
    Eligibility,
    Group,
    GroupProfile,
    Service,
    Text,
    VisitRule,
    counts_widget,
    db,
    group_nav_item,
    hookimpl,
)

CODE = "needy"


class NeedyProfile(GroupProfile, db.Model):
    __tablename__ = "needy_profiles"

    living: Mapped[str] = mapped_column(String(16), default="dispersed")


class NeedyProfileForm(FlaskForm):
    living = SelectField(Text("供养方式", "Support"), choices=[("dispersed", Text("分散供养", "Living dispersed")),
                                                              ("centralised", Text("集中供养", "In a care home"))])


@hookimpl
def guanai_register_groups():
    return [Group(CODE, {"zh": "困难群众", "en": "People in need"},
                  (Category("wubao", {"zh": "五保户", "en": "Five-guarantee household"}, 2),
                   Category("dibao", {"zh": "低保户", "en": "Subsistence allowance"}, 3)),
                  NeedyProfile, NeedyProfileForm, plugin=__name__)]


@hookimpl
def guanai_register_services():
    return [Service("home_help", CODE, {"zh": "上门帮扶", "en": "Help at home"}, "pairing", main=True)]


@hookimpl
def guanai_assess_eligibility(beneficiary, profile, settings, today):
    if beneficiary.group != CODE:
        return None
    return Eligibility(beneficiary.category is not None, (Text("按类别认定", "By category"),))


@hookimpl
def guanai_get_visit_rules(group):
    if group != CODE:
        return []
    return [VisitRule("helper", 7, ("home",), {"zh": "每周打扫一次", "en": "Cleaning weekly"}, "002")]


@hookimpl
def guanai_get_nav_items(user):
    return group_nav_item(CODE, user, order=40)


@hookimpl
def guanai_get_dashboard_widgets(user):
    return counts_widget(CODE, user)


@hookimpl
def guanai_get_migration_dirs():
    return [os.path.join(os.path.dirname(__file__), "migrations")]
