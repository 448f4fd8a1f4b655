"""Guanai's pairing engine: assign beneficiaries to volunteers exactly, with explanations.

Two problem kinds: **pairing** (:func:`solve`, below) and **grouping** (:func:`form_groups`): people of a
village formed into mutual-aid groups around leaders (十人一联, seed 001), members assigned to leaders with
scipy's assignment solver, the optimum for the leaders proven with dual prices, leaders suggested by
:func:`suggest_leaders` (``guanai-grouping/1``, see ``_group_instance``).

A pure library (numpy and scipy only) for the problem defined in ``matching-format.md``:
units of beneficiaries (households kept together) are assigned to volunteers for one service,
minimising distance, rewarding shared skills and continuity, spreading load, under hard rules
(distance, female helpers for girls, background checks, forbidden pairs, capacity, locks).

>>> from matching import read_instance, solve          # doctest: +SKIP
>>> result = solve(read_instance("township.json"))     # doctest: +SKIP
>>> result.objective, len(result.unassigned)           # doctest: +SKIP
"""
from ._instance import Beneficiary, Instance, InstanceError, Rules, Volunteer, Weights
from ._validate import load_instance, read_instance
from ._result import CAPACITY, NO_ELIGIBLE_VOLUNTEER, Assignment, Result, Unassigned
from ._solve import solve
from ._group_instance import (Candidate, GroupRules, GroupWeights, GroupingInstance, Person, load_grouping,
                              read_grouping)
from ._group_result import GROUPS_FULL, NO_LEADER_WITHIN_REACH, Group, GroupingResult, LeftOut, Member
from ._group_solve import form_groups, suggest_leaders

__all__ = [
    "Assignment", "Beneficiary", "CAPACITY", "Instance", "InstanceError", "NO_ELIGIBLE_VOLUNTEER",
    "Result", "Rules", "Unassigned", "Volunteer", "Weights", "load_instance", "read_instance", "solve",
    "Candidate", "GROUPS_FULL", "Group", "GroupRules", "GroupWeights", "GroupingInstance", "GroupingResult",
    "LeftOut", "Member", "NO_LEADER_WITHIN_REACH", "Person", "form_groups", "load_grouping", "read_grouping",
    "suggest_leaders",
]
