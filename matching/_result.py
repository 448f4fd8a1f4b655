"""The result of a solve: typed records and the `guanai-matching-result/1` JSON form."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

RESULT_FORMAT = "guanai-matching-result/1"
NO_ELIGIBLE_VOLUNTEER = "no_eligible_volunteer"
CAPACITY = "capacity"


@dataclass(frozen=True)
class Assignment:
    """One beneficiary given to one volunteer, with why: ``explain`` has distance, shared_skills, continuity."""

    beneficiary: str
    volunteer: str
    distance_km: float
    explain: dict[str, Any]


@dataclass(frozen=True)
class Unassigned:
    """One beneficiary left without a volunteer: ``reason`` is a code, ``detail`` a sentence for a coordinator.

    ``counts`` carries the numbers behind the sentence (``within_km``, ``eligible``, ``excluded`` by rule,
    ``nearest_km``) so that a user interface can word it in its own language.
    """

    beneficiary: str
    reason: str
    detail: str
    counts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Result:
    """An optimal assignment: every beneficiary is in exactly one of ``assignments`` and ``unassigned``."""

    objective: float
    assignments: tuple[Assignment, ...]
    unassigned: tuple[Unassigned, ...]
    stats: dict[str, Any]

    def volunteer_of(self) -> dict[str, str]:
        """Return a mapping from beneficiary id to volunteer id for the assigned beneficiaries."""
        return {a.beneficiary: a.volunteer for a in self.assignments}

    def to_dict(self) -> dict[str, Any]:
        """Return the result in the `guanai-matching-result/1` JSON form."""
        return {
            "format": RESULT_FORMAT,
            "objective": round(self.objective, 6),
            "assignments": [asdict(a) for a in self.assignments],
            "unassigned": [{"beneficiary": u.beneficiary, "reason": u.reason, "detail": u.detail,
                            "counts": u.counts} for u in self.unassigned],
            "stats": self.stats,
        }

    @classmethod
    def from_dict(cls, doc: dict[str, Any]) -> "Result":
        """Read a result back from its `guanai-matching-result/1` JSON form (the inverse of :meth:`to_dict`).

        Raises
        ------
        ValueError
            If ``doc`` is not a result in that form.

        Examples
        --------
        >>> from matching import Result
        >>> doc = {"format": "guanai-matching-result/1", "objective": 2.5, "stats": {},
        ...        "assignments": [{"beneficiary": "c1", "volunteer": "v1", "distance_km": 2.5,
        ...                         "explain": {"distance": 2.5}}], "unassigned": []}
        >>> Result.from_dict(doc).volunteer_of()
        {'c1': 'v1'}
        """
        if not isinstance(doc, dict) or doc.get("format") != RESULT_FORMAT:
            raise ValueError(f'a result must be an object with "format": "{RESULT_FORMAT}"')
        try:
            assignments = tuple(Assignment(beneficiary=a["beneficiary"], volunteer=a["volunteer"],
                                           distance_km=float(a["distance_km"]), explain=dict(a["explain"]))
                                for a in doc["assignments"])
            unassigned = tuple(Unassigned(beneficiary=u["beneficiary"], reason=u["reason"], detail=u["detail"],
                                          counts=dict(u.get("counts", {})))
                               for u in doc["unassigned"])
            return cls(objective=float(doc["objective"]), assignments=assignments, unassigned=unassigned,
                       stats=dict(doc["stats"]))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"not a {RESULT_FORMAT} document: {exc!r}") from None

    def to_json(self) -> str:
        """Return the JSON text of :meth:`to_dict`, UTF-8 friendly and indented."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)
