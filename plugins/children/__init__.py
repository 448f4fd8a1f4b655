"""Left-behind children (留守儿童): the six classes, guardians, schooling, tutoring and caring families."""
from __future__ import annotations

from portal.plugin import Group, GroupPlugin, Service


class ChildrenPlugin(GroupPlugin):
    code = "children"
    nav_order = 10
    package = __name__

    def group(self):
        from .forms import ChildProfileForm
        from .models import ChildProfile
        from .rules import CATEGORIES, DEFAULT_SETTINGS
        return Group(code=self.code, names={"zh": "留守儿童", "en": "Left-behind children"}, categories=CATEGORIES,
                     profile_model=ChildProfile, profile_form=ChildProfileForm, settings=DEFAULT_SETTINGS,
                     plugin=__name__)

    def services(self):
        return [
            Service("caring_pairing", self.code, {"zh": "结对帮扶（爱心家庭）", "en": "Caring-family pairing"},
                    "pairing", ("volunteer",), ("counselling", "homework"), main=True),
            Service("tutoring", self.code, {"zh": "学业辅导（含学习帮扶计划）", "en": "Tutoring with a study plan"},
                    "pairing", ("teacher", "volunteer"), ("math", "chinese", "english", "reading", "homework")),
            Service("counselling", self.code, {"zh": "心理疏导", "en": "Counselling"}, "pairing", ("volunteer",),
                    ("counselling",)),
            Service("family_call", self.code, {"zh": "每周亲情电话", "en": "Weekly family call"}, "session"),
            # 003: a free health check and a puberty class each semester, in sessions (portal/received records who came)
            Service("health_check", self.code, {"zh": "每学期免费健康查体", "en": "Health check every semester"},
                    "session", skills=("health",)),
            Service("puberty_class", self.code, {"zh": "青春期健康教育课", "en": "Puberty class"}, "session"),
        ]

    def age_limits(self, settings):
        return {None: settings["max_age"], "left_behind": settings["left_behind_max_age"]}

    def populate_demo(self, demo):
        from .demo import populate
        populate(demo)


plugin = ChildrenPlugin()
