"""A child's height and weight judged by age and sex (issue 29: "a reading outside the plugin's range flags the person";
003: the semester check measures "血压、体重、身高"): the children's plugin declares the WHO Growth Reference 2007's
ranges (z from -2 to +2, plugins/children/growth.py), a reading outside them flags the child with the measure named,
one inside does not, the same height is judged differently at another age or sex; below 5 years by the WHO
Child Growth Standards 2006, month by month (plugins/children/growth_under_five.py)."""
from datetime import date

import pytest
from sqlalchemy import select

from plugins.children.growth import growth_ranges, value_at
from portal.core.time import local_today, years_before
from portal.extensions import db
from portal.health.models import Reading
from portal.health.readings import out_of_range

from ..factories import add_person


def _child(county, years: int, gender="M", name="小明"):
    today = local_today()
    birth = years_before(today, years)
    birth = date(birth.year, birth.month, 1) if birth.day > 1 else birth       # a whole number of years and some days
    return add_person("children", county["v_east"], name=name, gender=gender, birth=birth)


def _growth(client, person, height, weight):
    return client.post(f"/health/person/{person.id}/reading",
                       data={"kind": "growth", "height": height, "weight": weight,
                             "taken_on": local_today().isoformat(), "taken_by": "乡镇卫生院"})


def test_the_ranges_are_the_who_references_at_two_standard_deviations(app):
    # WHO 2007, boys at 120 months: height M 137.7795, S 0.04626 (L = 1): 125.0 to 150.5 cm; BMI L -1.7407,
    # M 16.4433, S 0.10566: 13.7 to 21.4 (WHO's published -2 SD and +2 SD for 10 years).
    assert growth_ranges("M", 120) == {"height": (125.0, 150.5), "weight": (23.2, 45.0), "bmi": (13.7, 21.4)}
    assert growth_ranges("F", 180)["height"] == (147.9, 175.4)
    assert "weight" not in growth_ranges("M", 121)                 # WHO gives weight-for-age up to 10 years only
    assert growth_ranges("F", 229) == {}                           # past 19 years: nothing declared
    # WHO 2006 below five, as its published tables give the -2 SD and +2 SD: a boy at birth 46.1-53.7 cm and
    # 2.5-4.4 kg; at 12 months 71.0-80.5 cm and 7.7-12.0 kg; a girl at 36 months 87.4-102.7 cm and 10.8-18.1 kg
    assert growth_ranges("M", 0) == {"height": (46.1, 53.7), "weight": (2.5, 4.4), "bmi": (11.1, 16.3)}
    assert growth_ranges("M", 12)["height"] == (71.0, 80.5) and growth_ranges("M", 12)["weight"] == (7.7, 12.0)
    assert growth_ranges("F", 36)["height"] == (87.4, 102.7) and growth_ranges("F", 36)["weight"] == (10.8, 18.1)
    assert set(growth_ranges("M", 59)) == {"height", "weight", "bmi"}  # and on to the 2007 reference at 60
    assert round(value_at(1, 100, 0.05, 2), 6) == 110.0
    assert growth_ranges("M", 126)["height"][0] == pytest.approx(
        round(value_at(1, (137.7795 + 143.1126) / 2, (0.04626 + 0.04703) / 2, -2), 1))   # halfway: interpolated


@pytest.mark.clock
def test_a_short_ten_year_old_is_flagged_naming_the_height_and_a_typical_one_is_not(client, login, county):
    boy = _child(county, 10)
    login("coord")
    response = _growth(client, boy, 138, 31)
    assert response.status_code == 302
    assert "超出正常范围" not in client.get(response.headers["Location"]).get_data(as_text=True)
    response = _growth(client, boy, 118, 24)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "测量结果超出正常范围（身高（厘米） 125–150.5）" in page
    latest = db.session.execute(select(Reading).order_by(Reading.id.desc())).scalars().first()
    assert (latest.flagged, latest.flags) == (True, "height")
    assert "超出范围：身高（厘米）" in page
    assert "小明" in client.get("/health/flagged").get_data(as_text=True)


@pytest.mark.clock
def test_the_same_reading_is_judged_by_age_and_sex(app, county):
    today = local_today()
    six, fourteen = _child(county, 6, name="六岁"), _child(county, 14, name="十四岁")
    girl = _child(county, 14, gender="F", name="十四岁女孩")
    toddler = _child(county, 3, name="三岁")
    reading = {"height": 158.0, "weight": 70.0}                    # BMI 28.0
    assert out_of_range("children", reading, six, today) == ["height", "weight", "bmi"]
    assert out_of_range("children", reading, fourteen, today) == ["bmi"]
    assert out_of_range("children", {"height": 158.0, "weight": 45.0}, fourteen, today) == []
    assert out_of_range("children", {"height": 172.0, "weight": 60.0}, girl, today) == []
    assert out_of_range("children", {"height": 176.5, "weight": 60.0}, girl, today) == ["height"]
    assert out_of_range("children", {"height": 80.0, "weight": 9.0}, toddler, today) == ["height", "weight"]
    assert out_of_range("children", {"height": 96.0, "weight": 14.0}, toddler, today) == []   # a typical three-year-old
    assert out_of_range("elderly", reading, six, today) == []       # another group's rules: no growth ranges
