"""The matching instance: typed records, their defaults, and their `guanai-matching/1` JSON form."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT = "guanai-matching/1"

DEFAULT_RULES = {
    "max_km": 15.0,
    "female_helper_for_girls_from_age": 8,
    "require_background_check": True,
    "household_together": True,
}
DEFAULT_WEIGHTS = {
    "per_km": 1.0,
    "per_shared_skill": -2.0,
    "continuity": -10.0,
    "per_extra_slot": 0.5,
    "unassigned": {"1": 1000, "2": 500, "3": 200, "4": 100, "5": 100, "6": 100},
}
#: Penalty for a priority that ``weights.unassigned`` does not list (matching-format.md).
DEFAULT_UNASSIGNED_PENALTY = 100.0


class InstanceError(ValueError):
    """An instance that breaks the format; ``problems`` holds one line per problem, each naming its field."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class Rules:
    """Hard rules; see matching-format.md, "Hard rules"."""

    max_km: float = 15.0
    female_helper_for_girls_from_age: int | None = 8
    require_background_check: bool = True
    household_together: bool = True


@dataclass(frozen=True)
class Weights:
    """Objective weights; ``unassigned`` maps a priority (1..9) to the penalty for leaving it unassigned."""

    per_km: float = 1.0
    per_shared_skill: float = -2.0
    continuity: float = -10.0
    per_extra_slot: float = 0.5
    unassigned: dict[int, float] = field(default_factory=lambda: {1: 1000.0, 2: 500.0, 3: 200.0,
                                                                 4: 100.0, 5: 100.0, 6: 100.0})

    def penalty(self, priority: int) -> float:
        """Return the cost of leaving a unit of this priority unassigned."""
        return self.unassigned.get(priority, DEFAULT_UNASSIGNED_PENALTY)


@dataclass(frozen=True)
class Beneficiary:
    id: str
    lat: float
    lon: float
    gender: str
    age: int
    priority: int
    household: str | None = None
    needs: tuple[str, ...] = ()
    current_volunteer: str | None = None


@dataclass(frozen=True)
class Volunteer:
    id: str
    lat: float
    lon: float
    gender: str
    capacity: int
    background_checked: bool = False
    max_km: float | None = None
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Instance:
    """A validated matching instance. Build it with :func:`load_instance` so that it is checked."""

    beneficiaries: tuple[Beneficiary, ...]
    volunteers: tuple[Volunteer, ...]
    rules: Rules = Rules()
    weights: Weights = Weights()
    locked: tuple[tuple[str, str], ...] = ()
    forbidden: tuple[tuple[str, str], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the instance in the `guanai-matching/1` JSON form."""
        def beneficiary(b: Beneficiary) -> dict[str, Any]:
            d = {"id": b.id, "lat": b.lat, "lon": b.lon, "gender": b.gender, "age": b.age,
                 "priority": b.priority, "needs": list(b.needs)}
            if b.household:
                d["household"] = b.household
            if b.current_volunteer:
                d["current_volunteer"] = b.current_volunteer
            return d

        def volunteer(v: Volunteer) -> dict[str, Any]:
            d = {"id": v.id, "lat": v.lat, "lon": v.lon, "gender": v.gender, "capacity": v.capacity,
                 "skills": list(v.skills), "background_checked": v.background_checked}
            if v.max_km is not None:
                d["max_km"] = v.max_km
            return d

        w = self.weights
        return {
            "format": FORMAT,
            "rules": {"max_km": self.rules.max_km,
                      "female_helper_for_girls_from_age": self.rules.female_helper_for_girls_from_age,
                      "require_background_check": self.rules.require_background_check,
                      "household_together": self.rules.household_together},
            "weights": {"per_km": w.per_km, "per_shared_skill": w.per_shared_skill,
                        "continuity": w.continuity, "per_extra_slot": w.per_extra_slot,
                        "unassigned": {str(k): v for k, v in sorted(w.unassigned.items())}},
            "beneficiaries": [beneficiary(b) for b in self.beneficiaries],
            "volunteers": [volunteer(v) for v in self.volunteers],
            "locked": [list(p) for p in self.locked],
            "forbidden": [list(p) for p in self.forbidden],
        }
