"""Guanai's pairing engine: assign beneficiaries to volunteers exactly, with explanations.

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

__all__ = [
    "Assignment", "Beneficiary", "CAPACITY", "Instance", "InstanceError", "NO_ELIGIBLE_VOLUNTEER",
    "Result", "Rules", "Unassigned", "Volunteer", "Weights", "load_instance", "read_instance", "solve",
]
