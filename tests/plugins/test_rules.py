"""Eligibility rules of the three groups and the ID-card check digit, as plain functions."""
from datetime import date
from types import SimpleNamespace

from plugins.children.rules import DEFAULT_SETTINGS as KIDS
from plugins.children.rules import assess as assess_child
from plugins.elderly.rules import DEFAULT_SETTINGS as OLD
from plugins.elderly.rules import assess as assess_elder
from plugins.women.rules import DEFAULT_SETTINGS as WOMEN
from plugins.women.rules import assess as assess_woman
from portal.ledger import idcard
from portal.ledger.models import Beneficiary

TODAY = date(2026, 11, 22)


def person(birth, category=None, gender="F"):
    return Beneficiary(group="x", name="x", gender=gender, birth_date=birth, place_id=1, category=category)


def test_id_card_check_digit():
    assert idcard.check_char("11010519491231002") == "X"
    assert idcard.problem("11010519491231002X") is None
    assert idcard.problem("110105194912310021") is not None
    assert idcard.problem("11010519491331002X") is not None  # month 13
    assert idcard.problem("1101051949") is not None
    assert idcard.mask("11010519491231002X") == "110105************"


def test_left_behind_child_needs_both_parents_away_or_one_unable():
    child = person(date(2016, 5, 1), "left_behind")
    both = SimpleNamespace(father_status="away", mother_status="away")
    one_ill = SimpleNamespace(father_status="away", mother_status="seriously_ill")
    one_home = SimpleNamespace(father_status="away", mother_status="home")
    assert assess_child(child, both, KIDS, TODAY).eligible
    assert assess_child(child, one_ill, KIDS, TODAY).eligible
    assert not assess_child(child, one_home, KIDS, TODAY).eligible


def test_child_ages_out_at_16_or_18_by_class():
    sixteen = person(date(2010, 11, 1), "left_behind")
    result = assess_child(sixteen, None, KIDS, TODAY)
    assert result.aged_out and result.ages_out_on == date(2026, 11, 1)
    orphan = person(date(2010, 11, 1), "orphan")
    assert assess_child(orphan, None, KIDS, TODAY).eligible
    assert assess_child(sixteen, None, {**KIDS, "left_behind_max_age": 17}, TODAY).aged_out is False


def test_woman_needs_husband_away_six_months():
    woman = person(date(1980, 1, 1))
    assert assess_woman(woman, SimpleNamespace(husband_away_since=date(2026, 1, 1)), WOMEN, TODAY).eligible
    assert not assess_woman(woman, SimpleNamespace(husband_away_since=date(2026, 8, 1)), WOMEN, TODAY).eligible
    assert assess_woman(person(date(1960, 1, 1)), None, WOMEN, TODAY).aged_out


def test_elder_needs_60_and_children_away():
    elder = person(date(1950, 1, 1))
    away = SimpleNamespace(children_all_away=True, children_away_since=date(2025, 1, 1), supporters_unable=False)
    near = SimpleNamespace(children_all_away=False, children_away_since=None, supporters_unable=False)
    assert assess_elder(elder, away, OLD, TODAY).eligible
    assert not assess_elder(elder, near, OLD, TODAY).eligible
    assert not assess_elder(person(date(1970, 1, 1)), away, OLD, TODAY).eligible
    assert assess_elder(person(date(1970, 1, 1)), away, {**OLD, "min_age": 55}, TODAY).eligible
