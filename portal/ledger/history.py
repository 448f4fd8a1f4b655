"""A record's history for its page: each save as field label, old value -> new value, in the user's language."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.audit import AuditEntry, change_rows
from ..core.texts import vocabularies
from ..extensions import db
from . import idcard

#: Stored codes shown by their vocabulary's label (a gender "M" as 男, a reason as its words).
CODED_FIELDS = {"gender": "genders", "status": "record_statuses", "left_reason": "leave_reasons",
                "needs": "skills", "risk_level": "risk_levels"}
#: Bookkeeping that every save touches and nobody reads in a history.
HIDDEN_FIELDS = {"id", "version", "group", "profile.id", "profile.beneficiary_id", "household_id", "place_id"}


def _shown(user):
    vocab = vocabularies()

    def show(field, value):
        if field == "id_number":
            return idcard.shown(value, user)
        if field in CODED_FIELDS and value not in (None, ""):
            name = CODED_FIELDS[field]
            return vocab.labels(name, value) if isinstance(value, list) else vocab.label(name, value)
        return value
    return show


def history(person_id: int, user) -> list[tuple[AuditEntry, list[tuple[str, str, str]]]]:
    """The record's audited saves, newest first, each with its changed fields (none for the creation)."""
    from ..auth.audit_log import field_labels  # the admin audit page's labels: one vocabulary for both
    entries = db.session.execute(select(AuditEntry).options(selectinload(AuditEntry.user)).where(
        AuditEntry.entity == "beneficiary", AuditEntry.entity_id == person_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).scalars().all()
    labels, show = field_labels(), _shown(user)
    result = []
    for e in entries:
        rows = [] if e.before is None else [
            row for row, field in zip(change_rows(e, labels, show), e.changed_fields()) if field not in HIDDEN_FIELDS]
        result.append((e, rows))
    return result
