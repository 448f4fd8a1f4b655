"""The result of forming groups: typed records and the `guanai-grouping-result/1` JSON form."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

GROUPING_RESULT_FORMAT = "guanai-grouping-result/1"
#: No chosen leader of the person's village (and grid, when asked) lives within walking distance.
NO_LEADER_WITHIN_REACH = "no_leader_within_reach"
#: Leaders live within reach, but the best plan fills their groups with others.
GROUPS_FULL = "groups_full"


@dataclass(frozen=True)
class Member:
    """One person in one group, with why: ``explain`` has ``distance_km``, ``kept`` (with today's leader)
    and ``rank`` (1: the nearest leader the person may join)."""

    person: str
    distance_km: float
    explain: dict[str, Any]


@dataclass(frozen=True)
class Group:
    """A leader and their members (the leader is not one of ``members``)."""

    leader: str
    village: str
    grid: str | None
    members: tuple[Member, ...]

    @property
    def total_km(self) -> float:
        """The walking distance of all members to the leader, in km."""
        return sum(m.distance_km for m in self.members)


@dataclass(frozen=True)
class LeftOut:
    """One person left without a group: ``reason`` is a code, ``detail`` a sentence for a coordinator, and
    ``counts`` the numbers behind it (``leaders_within_km``, ``candidates_within_km``, ``nearest_leader_km``)
    so that a user interface can word it in its own language."""

    person: str
    reason: str
    detail: str
    counts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class GroupingResult:
    """Groups of the chosen leaders, optimal for those leaders: every person is a leader, a member of
    exactly one group, or in ``left_out``.

    ``stats["proof"]`` holds the optimality certificate of the assignment (dual prices checked on every
    edge); ``stats["leaders"]`` says whether the leaders were given or suggested.
    """

    objective: float
    groups: tuple[Group, ...]
    left_out: tuple[LeftOut, ...]
    stats: dict[str, Any]

    def leader_of(self) -> dict[str, str]:
        """Return a mapping from person id to leader id for the members of every group."""
        return {m.person: g.leader for g in self.groups for m in g.members}

    def to_dict(self) -> dict[str, Any]:
        """Return the result in the `guanai-grouping-result/1` JSON form."""
        return {"format": GROUPING_RESULT_FORMAT, "objective": round(self.objective, 6),
                "groups": [{"leader": g.leader, "village": g.village, "grid": g.grid,
                            "members": [asdict(m) for m in g.members]} for g in self.groups],
                "left_out": [asdict(x) for x in self.left_out], "stats": self.stats}

    def to_json(self) -> str:
        """Return the JSON text of :meth:`to_dict`, UTF-8 friendly and indented."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
