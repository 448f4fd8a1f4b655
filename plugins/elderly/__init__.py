"""Left-behind elderly (留守老人): children away, daily care, proxy shoppers, visits and 十人一联 mutual aid."""
from __future__ import annotations

from datetime import timedelta

from portal.core.time import local_today
from portal.plugin import Group, GroupPlugin, Service, hookimpl


class ElderlyPlugin(GroupPlugin):
    code = "elderly"
    nav_order = 30
    package = __name__

    def group(self):
        from .forms import ElderProfileForm
        from .models import ElderProfile
        from .rules import CATEGORIES, DEFAULT_SETTINGS
        return Group(code=self.code, names={"zh": "留守老人", "en": "Left-behind elderly"}, categories=CATEGORIES,
                     profile_model=ElderProfile, profile_form=ElderProfileForm, settings=DEFAULT_SETTINGS,
                     plugin=__name__)

    def services(self):
        return [
            Service("daily_care", self.code, {"zh": "日常照料（家务、代购）", "en": "Daily care: chores and shopping"},
                    "pairing", ("neighbour", "volunteer"), ("care", "shopping"), main=True),
            Service("proxy_shopping", self.code, {"zh": "代购代办", "en": "Named proxy shopper"}, "pairing",
                    ("neighbour",), ("shopping",)),
            Service("weekly_visit", self.code, {"zh": "每周探访", "en": "Weekly visit"}, "pairing", ("volunteer",),
                    ("care", "counselling")),
            Service("health_check", self.code, {"zh": "半年一次免费体检", "en": "Health check every half year"},
                    "session", skills=("health",)),
            Service("mutual_aid", self.code, {"zh": "十人一联互助", "en": "Ten-neighbour mutual aid"}, "session"),
        ]

    @hookimpl
    def guanai_get_person_sections(self, person, user):
        """A warning on an elder's ledger page when they have lost self-care and every child is away (001 line 926:
        "对患有严重疾病、已经丧失自理能力的老年人，家庭内部应协商至少留下1名子女在家照料")."""
        if person.group != self.code:
            return []
        from sqlalchemy import select

        from portal.extensions import db
        from portal.plugin import Text, Widget

        from .models import ElderProfile
        from .rules import needs_a_child_home
        profile = db.session.execute(select(ElderProfile).where(ElderProfile.beneficiary_id == person.id)).scalar()
        if not needs_a_child_home(profile):
            return []
        message = Text("已丧失自理能力，子女均不在身边：家庭内部应协商至少留下1名子女在家照料（001 篇十七）。"
                       "请联系其子女并记录。",
                       "Has lost self-care and every child is away: the family should keep at least one child at "
                       "home to care (001, 篇十七). Contact the children and record it.")
        return [Widget(title=Text("照料提示", "Care warning"), template="elderly/_child_home.html",
                       context=lambda u: {"message": message}, order=1)]

    @hookimpl
    def guanai_get_card_types(self):
        from .cards import LOST_CARD
        return [LOST_CARD]

    def populate_demo(self, demo):
        import random

        from portal.plugin import set_traits

        from .models import ElderProfile
        rng = demo.rng
        traits_rng = random.Random(2028)   # its own stream: the rest of the county stays as it was
        for i in range(200):
            household = demo.households[(i * 7 + 2) % len(demo.households)]
            age = rng.randint(60, 92)
            category = "high_age" if age >= 80 else rng.choice(["ordinary"] * 6 + ["alone", "poor", "disabled"])
            person = demo.add_person("elderly", household, gender=rng.choice("FM"), age=age, category=category,
                                     needs=rng.sample(["care", "shopping", "health", "counselling"], 2),
                                     services=[s for s, share in (("daily_care", 0.7), ("weekly_visit", 0.5))
                                               if rng.random() < share])
            set_traits(person.id, demo_traits(category, age, traits_rng))
            demo.add(ElderProfile(
                beneficiary_id=person.id, children_whereabouts=f"儿子在{rng.choice(['广东', '浙江', '上海'])}务工",
                children_all_away=rng.random() < 0.9,
                children_away_since=local_today() - timedelta(days=rng.randint(100, 4000)),
                income_source=rng.choice(["养老金", "子女汇款", "务农", "低保"]),
                family_structure=rng.choice(["alone", "couple", "with_grandchildren"]),
                self_care="partial" if category == "disabled" else "full",
                proxy_shopper=demo.person_name(rng.choice("FM")) if rng.random() < 0.3 else "",
                # A few who wander, for the lost-elder card; no draw from rng, so the county stays the same.
                wanders=i % 25 == 0, blood_type="ABO"[i % 3] if i % 25 == 0 else "",
                people_to_call=f"子女 1390000{i:04d}" if i % 25 == 0 else ""))


def demo_traits(category: str, age: int, rng) -> set[str]:
    """The traits a demo elder carries (issue 28: several at once): living alone or (half of the rest)
    empty-nest, high age from 80, 低保 or 特困 when poor, the category's own trait."""
    traits = set()
    if category == "alone":
        traits.add("alone")
    elif rng.random() < 0.5:
        traits.add("empty_nest")
    if age >= 80:
        traits.add("high_age")
    if category == "poor":
        traits.add(rng.choice(["dibao", "tekun"]))
    if category in ("disabled", "dementia", "lost_only_child"):
        traits.add(category)
    return traits


plugin = ElderlyPlugin()
