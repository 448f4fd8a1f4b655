"""A record's history for its page: each save as field label, old value -> new value, in the user's language."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..core.audit import AuditEntry
from ..extensions import db

#: Bookkeeping that every save touches and nobody reads in a history.
HIDDEN_FIELDS = {"id", "version", "group", "profile.id", "profile.beneficiary_id", "household_id", "place_id"}


def history(person_id: int, user) -> list[tuple[AuditEntry, list[tuple[str, str, str]]]]:
    """The record's audited saves, newest first, each with its changed fields (none for the creation)."""
    # The admin audit page's labels and words for values: one vocabulary for both (issue 27: no raw codes).
    from ..auth.audit_log import field_labels
    from ..auth.audit_values import ValueTexts, entry_rows
    entries = db.session.execute(select(AuditEntry).options(selectinload(AuditEntry.user)).where(
        AuditEntry.entity == "beneficiary", AuditEntry.entity_id == person_id)
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())).scalars().all()
    labels, texts = field_labels(), ValueTexts(user)
    result = []
    for e in entries:
        fields = [] if e.before is None else [f for f in e.changed_fields() if f not in HIDDEN_FIELDS]
        result.append((e, entry_rows(e, labels, texts, fields)))
    return result
