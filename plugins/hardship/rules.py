"""The hardship rules (002): who counts, the "四个一" for those living dispersed, visits, periodic services."""
from __future__ import annotations

from datetime import date

from portal.plugin import (AssistanceHint, Category, DutyRule, Eligibility, MatchingPolicy, PeriodicService, Text,
                           VisitRule)

# 002: "持续关注鳏寡孤独、低保户、五保户、残疾人等特困群众生活状况"; households watched against falling back into
# poverty ("加强对脱贫不稳定户、边缘易致贫户的动态监测") are on the ledger as "watched".
CATEGORIES = (
    Category("wubao", {"zh": "五保户·特困供养", "en": "Five guarantees"}, 1),
    Category("guagu", {"zh": "鳏寡孤独", "en": "Widowed, orphaned or childless"}, 2),
    Category("dibao", {"zh": "低保户", "en": "Subsistence allowance"}, 2),
    Category("disabled", {"zh": "残疾人", "en": "Disabled"}, 3),
    Category("watched", {"zh": "防返贫监测户", "en": "Watched against falling back"}, 4),
)
DEFAULT_SETTINGS = {"max_km": 3.0}
REASONS = (("widowed", Text("鳏寡", "Widowed")), ("orphaned", Text("孤", "Orphaned")),
           ("childless", Text("独（无子女）", "Childless")), ("dibao", Text("低保户", "Subsistence allowance")),
           ("wubao", Text("五保户·特困供养", "Five guarantees")), ("disabled", Text("残疾人", "Disabled")))


def assess(person, profile, settings: dict, today: date) -> Eligibility:
    """Counts when one of the 002 conditions holds, or the household is watched against falling back."""
    if profile is None:
        return Eligibility(False, (Text("尚未填写特困情况", "No hardship profile yet"),))
    reasons = tuple(text for field, text in REASONS if getattr(profile, field))
    if profile.watch not in (None, "", "none"):
        reasons += (Text("纳入防返贫动态监测", "Watched against falling back into poverty"),)
    if not reasons:
        return Eligibility(False, (Text("不属于鳏寡孤独、低保、五保或残疾", "Not widowed, orphaned, childless, 低保, "
                                                                 "五保 or disabled"),))
    return Eligibility(True, reasons)


def matching_policy(settings: dict) -> MatchingPolicy:
    # The "四个一" are done by someone close by (000: 就近就熟).
    return MatchingPolicy(
        rules={"max_km": settings["max_km"], "female_helper_for_girls_from_age": None,
               "require_background_check": False, "household_together": True},
        weights={"per_km": 5.0, "per_shared_skill": -2.0, "continuity": -15.0, "per_extra_slot": 0.5,
                 "unassigned": {"1": 1200, "2": 800, "3": 400, "4": 200}},
        category_priority={c.code: c.priority for c in CATEGORIES})


# 002: "落实分散特困人员“四个一”（每周打扫一次卫生、每半月洗一次衣服、每月理一次发、每半年采购发放一次生活必需品）".
# The first three are visits of the helper paired for the four ones (people living dispersed need that service);
# the necessities are a periodic service recorded per person (portal/received). A deployment changes the days in
# GUANAI_GROUP_SETTINGS["hardship"]["visits"][code].
VISIT_RULES = (
    VisitRule("cleaning", 7, ("home",), {"zh": "每周打扫一次卫生", "en": "Cleaning weekly"}, "002",
              services=("four_ones",)),
    VisitRule("laundry", 15, ("home",), {"zh": "每半月洗一次衣服", "en": "Laundry every half month"}, "002",
              services=("four_ones",)),
    VisitRule("haircut", 30, ("home",), {"zh": "每月理一次发", "en": "A haircut monthly"}, "002",
              services=("four_ones",)),
    # The watch on households at risk (002, 动态监测): practice, a village cadre's monthly visit.
    VisitRule("watch", 30, ("home", "phone"), {"zh": "防返贫监测户每月走访", "en": "Watched household, monthly"},
              "002", categories=("watched",)),
)


def _dispersed():
    """People living dispersed (分散供养): the four ones are theirs (002)."""
    from sqlalchemy import select

    from portal.ledger.models import Beneficiary

    from .models import HardshipProfile
    return Beneficiary.id.in_(select(HardshipProfile.beneficiary_id).where(HardshipProfile.living == "dispersed"))


# Duties every person in hardship they name has, paired or not (issue 28); days in
# GUANAI_GROUP_SETTINGS["hardship"]["duties"][code]. The "四个一" of a person paired for them are the helper's
# (VISIT_RULES above); for the dispersed with no such helper they are the village committee's (002 line 203:
# "落实分散特困人员“四个一”……（责任单位：镇民政工作站、各村民委员会）"), a visit logged for the helper's rule counting.
DUTY_RULES = (
    # 002 line 125: "各党（总）支部、村委会要……常态化开展留守老人妇女儿童和特困群众大排查行动，按照网格化管理工作
    # 要求，定期逐社逐户开展排查" -- every household, the village committee's; the seed says "定期" only: monthly is
    # the deployment's default, not the seed's.
    DutyRule("check", {"zh": "定期逐户排查", "en": "Regular household check"}, "visit", "village_cadre",
             every_days=30, source="002 line 125 定期逐社逐户排查 (monthly: default)"),
    # 002 line 203: "每周打扫一次卫生、每半月洗一次衣服、每月理一次发".
    DutyRule("own_cleaning", {"zh": "四个一：每周打扫一次卫生", "en": "Four ones: cleaning weekly"}, "visit",
             "village_cadre", every_days=7, source="002 line 203 四个一", paired=False, services=("four_ones",),
             counts=("cleaning",), where=_dispersed),
    DutyRule("own_laundry", {"zh": "四个一：每半月洗一次衣服", "en": "Four ones: laundry every half month"}, "visit",
             "village_cadre", every_days=15, source="002 line 203 四个一", paired=False, services=("four_ones",),
             counts=("laundry",), where=_dispersed),
    DutyRule("own_haircut", {"zh": "四个一：每月理一次发", "en": "Four ones: a haircut monthly"}, "visit",
             "village_cadre", every_days=30, source="002 line 203 四个一", paired=False, services=("four_ones",),
             counts=("haircut",), where=_dispersed),
    # 002 line 124: "加强对脱贫不稳定户、边缘易致贫户的动态监测" -- the watch; monthly is the deployment's default.
    DutyRule("watch", {"zh": "防返贫监测户走访", "en": "Watched household visit"}, "visit", "village_cadre",
             every_days=30, source="002 line 124 动态监测 (monthly: default)", categories=("watched",), counts=("watch",)),
)


PERIODIC_SERVICES = (
    PeriodicService("necessities", "hardship", {"zh": "每半年采购发放一次生活必需品",
                                                "en": "Necessities every half year"},
                    every_months=6, activities=("necessities",), applies=_dispersed, source="002"),
)


def _flag(field: str):
    def condition(today):
        from sqlalchemy import select

        from portal.ledger.models import Beneficiary

        from .models import HardshipProfile
        return Beneficiary.id.in_(select(HardshipProfile.beneficiary_id).where(getattr(HardshipProfile, field).is_(True)))
    return condition


# The register should show what the ledger says (002: 低保户, 五保户 are in the hardship ledger): a 低保 or 五保
# household with no such case in the assistance register is likely owed it.
ASSISTANCE_HINTS = (
    AssistanceHint("dibao", {"zh": "台账记为低保户", "en": "On the ledger as a 低保 household"}, _flag("dibao"),
                   group="hardship"),
    AssistanceHint("tekun", {"zh": "台账记为五保户·特困供养", "en": "On the ledger as 五保"}, _flag("wubao"),
                   group="hardship"),
)
