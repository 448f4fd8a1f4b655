"""Recording visits: the visit with its helpers, findings, follow-ups and photos, audited; risk raised when flagged."""
from __future__ import annotations

from datetime import date, datetime

from ..core.audit import json_value, record, snapshot, write_change
from ..core.time import utcnow
from ..extensions import db
from ..ledger.models import Beneficiary
from .due import RISK_LEVELS
from .models import FollowUp, RiskLevel, Visit
from .photos import store

#: A visit flagged for close attention (重点关注) raises the person's level one step.
RAISED = {"general": "key", "key": "high", "high": "high"}


def risk_of(person: Beneficiary) -> RiskLevel:
    """``person``'s risk level and since when (a transient general level when none was ever set)."""
    return db.session.get(RiskLevel, person.id) or RiskLevel(beneficiary_id=person.id, level="general", since=None)


def set_risk_level(actor, person: Beneficiary, level: str, at: datetime | None = None) -> None:
    """Set a person's risk level, audited in the person's history; a change starts the clock for a high-risk visit
    within a day. The caller commits."""
    if level not in RISK_LEVELS:
        raise ValueError(f"unknown risk level {level!r}")
    risk = risk_of(person)
    if level == risk.level:
        return
    before = {"risk_level": risk.level, "risk_since": json_value(risk.since)}
    risk.level, risk.since = level, at or utcnow()
    db.session.add(risk)
    record(actor, "update", "beneficiary", person.id, before,
           {"risk_level": risk.level, "risk_since": json_value(risk.since)})


def log_visit(actor, person: Beneficiary, data: dict, helpers=(), follow_ups=(), photos=()) -> Visit:
    """Add a visit to ``person`` from plain ``data``; the caller commits.

    ``data`` holds visited_at (UTC), mode, rule, occasion, spoke_to, relation, findings ({area: text}),
    parents_contact_on, close_attention, other_visitors and notes; ``helpers`` are volunteers;
    ``follow_ups`` are dicts (what, who, due_on); ``photos`` were checked by ``photos.check_all``.
    """
    visit = Visit(beneficiary_id=person.id, recorded_by_id=getattr(actor, "id", None),
                  findings={k: v for k, v in (data.get("findings") or {}).items() if v},
                  **{k: data.get(k) for k in ("visited_at", "mode", "rule", "occasion", "parents_contact_on")},
                  **{k: data.get(k) or "" for k in ("spoke_to", "relation", "other_visitors", "notes")},
                  close_attention=bool(data.get("close_attention")))
    visit.helpers = list(dict.fromkeys(helpers))
    for item in follow_ups:
        if item.get("what"):
            visit.follow_ups.append(FollowUp(beneficiary_id=person.id, what=item["what"], who=item.get("who") or "",
                                             due_on=item.get("due_on")))
    store(visit, photos)
    write_change(actor, "create", "visit", visit, extra={"helpers": [h.id for h in visit.helpers],
                                                          "photos": len(visit.photos)})
    if visit.close_attention:
        set_risk_level(actor, person, RAISED.get(risk_of(person).level, "key"), visit.visited_at)
    return visit


def close_follow_up(actor, follow_up: FollowUp, day: date) -> None:
    """Mark a follow-up done, audited; the caller commits."""
    before = snapshot(follow_up)
    follow_up.done_on = day
    follow_up.done_by_id = getattr(actor, "id", None)
    write_change(actor, "update", "visit_follow_up", follow_up, before)
