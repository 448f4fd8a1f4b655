"""Demo visits: a year of visit history in the demo county, a few people overdue, one high-risk child."""
from __future__ import annotations


def populate(demo) -> None:
    pass
