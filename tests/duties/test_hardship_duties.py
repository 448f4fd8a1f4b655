"""The hardship group's own duties (plugins/hardship DUTY_RULES, seed 002): the grid's regular household check for
everyone; the "四个一" of the dispersed with no helper paired for them, the village committee's (002 line 203); the
watched households' visit (002 line 124). Each applies to the people it names and only them, paired or not."""
from datetime import timedelta

from portal.core.time import local_today
from portal.extensions import db

from ..factories import add_volunteer
from .conftest import duties_of, owner, pair, someone, user, visit


def _poor(place, living="dispersed", watch="none", category="wubao", name="困"):
    from plugins.hardship.models import HardshipProfile
    p = someone(place, group="hardship", category=category, name=name)
    db.session.add(HardshipProfile(beneficiary_id=p.id, living=living, wubao=True, watch=watch))
    db.session.commit()            # the profile's commit computes the person's duties again
    return p


def test_002_line_125_every_person_in_hardship_has_the_village_committees_regular_check(app, county, grids):
    """002 line 125: "各党（总）支部、村委会要……按照网格化管理工作要求，定期逐社逐户开展排查" (monthly: the
    deployment's default)."""
    cadre = user("cadre", place=county["v_east"], role="coordinator")
    owner("village_cadre", cadre, place=county["v_east"])
    dispersed, home = _poor(grids["g1"]), _poor(grids["g1"], living="centralised", name="院")
    for p in (dispersed, home):
        row = duties_of(p)["hardship.check"]
        assert (row.owner_role, row.owner_id, row.action) == ("village_cadre", cadre.id, "visit")
    visit(home, "check", days=3)
    assert duties_of(home)["hardship.check"].due_on == local_today() + timedelta(days=27)


def test_002_line_203_the_four_ones_of_the_dispersed_unpaired_are_the_village_committees(app, county, grids):
    """002 line 203: "落实分散特困人员“四个一”（每周打扫一次卫生、每半月洗一次衣服、每月理一次发……）（责任单位：
    镇民政工作站、各村民委员会）": weekly, half-monthly and monthly, for the dispersed only; once a helper is paired
    for the four ones they are the helper's (the visit rules), not the committee's too."""
    cadre = user("cadre", place=county["v_east"], role="coordinator")
    owner("village_cadre", cadre, place=county["v_east"])
    dispersed, home = _poor(grids["g1"]), _poor(grids["g1"], living="centralised", name="院")
    due = duties_of(dispersed)
    assert {k: (r.owner_id, (r.due_on - (r.last_done or r.due_on)).days) for k, r in due.items()
            if k.startswith("hardship.own_")} == {"hardship.own_cleaning": (cadre.id, 0),
                                                 "hardship.own_laundry": (cadre.id, 0),
                                                 "hardship.own_haircut": (cadre.id, 0)}
    assert not any(k.startswith("hardship.own_") for k in duties_of(home))
    visit(dispersed, "cleaning", days=1)               # a visit logged for the helper's rule counts
    assert duties_of(dispersed)["hardship.own_cleaning"].due_on == local_today() + timedelta(days=6)
    visit(dispersed, "laundry", days=1)
    assert duties_of(dispersed)["hardship.own_laundry"].due_on == local_today() + timedelta(days=14)
    helper = add_volunteer(county, "帮扶人", services=["hardship.four_ones"])
    pair(dispersed, helper, service="hardship.four_ones")
    due = duties_of(dispersed)
    assert not any(k.startswith("hardship.own_") for k in due)
    assert due["hardship.cleaning"].owner_role == "helper"


def test_002_line_124_the_watched_households_visit(app, county, grids):
    """002 line 124: "加强对脱贫不稳定户、边缘易致贫户的动态监测" (monthly: the deployment's default)."""
    watched = _poor(grids["g2"], category="watched", watch="unstable", name="监测")
    other = _poor(grids["g2"], name="五保")
    assert duties_of(watched)["hardship.watch"].owner_role == "village_cadre"
    assert "hardship.watch" not in duties_of(other)
    visit(watched, "watch", days=0)
    assert duties_of(watched)["hardship.watch"].due_on == local_today() + timedelta(days=30)
