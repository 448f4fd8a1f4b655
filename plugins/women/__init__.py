"""Left-behind women (留守妇女): husbands away, health checks, skills training and mutual-aid groups."""
from __future__ import annotations

from datetime import timedelta

from portal.core.time import local_today
from flask_babel import lazy_gettext as _l

from portal.plugin import Group, GroupPlugin, NavItem, Service, hookimpl


class WomenPlugin(GroupPlugin):
    code = "women"
    nav_order = 20
    package = __name__

    def group(self):
        from .forms import WomanProfileForm
        from .models import WomanProfile
        from .rules import CATEGORIES, DEFAULT_SETTINGS
        return Group(code=self.code, names={"zh": "留守妇女", "en": "Left-behind women"}, categories=CATEGORIES,
                     profile_model=WomanProfile, profile_form=WomanProfileForm, settings=DEFAULT_SETTINGS,
                     plugin=__name__)

    def services(self):
        return [
            Service("skills_training", self.code, {"zh": "实用技能培训", "en": "Skills training"}, "session",
                    skills=("farming", "breeding", "crafts", "ecommerce")),
            Service("health_check", self.code, {"zh": "“两癌”免费筛查", "en": "Two-cancer health check"}, "session",
                    skills=("health",)),
            Service("mutual_aid", self.code, {"zh": "互助组", "en": "Mutual-aid group"}, "session"),
            Service("heart_talk", self.code, {"zh": "结对谈心", "en": "Heart-to-heart pairing"}, "pairing",
                    ("volunteer",), ("counselling", "legal_aid"), main=True),
        ]

    @hookimpl
    def guanai_get_scope_rules(self):
        """Job postings by area (002): staff and coordinators see those posted in their area."""
        from .jobs import scope_rules
        return scope_rules()

    @hookimpl
    def guanai_get_person_sections(self, person, user):
        """Skills training on a woman's ledger page: courses, hours, certificates (000, 002)."""
        if person.group != self.code:
            return []
        from portal.plugin import Widget

        from .training import training_section
        return [Widget(title=_l("Skills training"), template="women/_training.html",
                       context=lambda u: training_section(person, u), order=8)]

    @hookimpl
    def guanai_get_nav_items(self, user):
        """The ledger's link, and the jobs found for the women (002) for those who may open the group."""
        from portal.web.access import can_open_group
        items = super().guanai_get_nav_items(user)
        if can_open_group(user, self.code):
            items = [*items, NavItem(_l("Jobs"), "women.jobs", order=self.nav_order + 1)]
        return items

    def age_limits(self, settings):
        return {None: settings["max_age"] + 1}

    def populate_demo(self, demo):
        from .models import WomanProfile
        rng = demo.rng
        for i in range(100):
            household = demo.households[(i * 3 + 1) % len(demo.households)]
            person = demo.add_person("women", household, gender="F", age=rng.randint(24, 58),
                                     category=rng.choice(["ordinary"] * 5 + ["seeking_work"] * 3 + ["ill", "hardship"]),
                                     needs=rng.sample(["crafts", "farming", "ecommerce", "counselling", "health"], 2),
                                     services=["heart_talk"] if rng.random() < 0.5 else [])
            demo.add(WomanProfile(
                beneficiary_id=person.id, husband_name=demo.person_name("M"),
                husband_work_place=rng.choice(["广东东莞", "浙江宁波", "长沙", "福建厦门"]),
                husband_away_since=local_today() - timedelta(days=rng.randint(60, 3000)),
                husband_phone=demo.phone(), skills_wanted=rng.choice(["电商", "养殖", "手工编织", ""]),
                last_screening=local_today() - timedelta(days=rng.randint(30, 700)) if rng.random() < 0.6 else None))


plugin = WomenPlugin()
