"""The audit log: who changed what and when, with the values before and after, in the same transaction."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, inspect, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .time import utcnow


class AuditEntry(db.Model):
    """One change to one record."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    action: Mapped[str] = mapped_column(String(16))  # create, update, leave, end, commit, ...
    entity: Mapped[str] = mapped_column(String(32), index=True)
    entity_id: Mapped[int] = mapped_column(index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    user = relationship("User")

    def changed_fields(self) -> list[str]:
        """The fields whose value changed; the edit version, which every save raises, is no change of its own."""
        before, after = self.before or {}, self.after or {}
        return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k) and k != "version")


def json_value(value: Any) -> Any:
    """A column value as an audit snapshot keeps it: dates and times as ISO text, the rest as it is."""
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def snapshot(obj, prefix: str = "", leave_out: tuple[str, ...] = ()) -> dict[str, Any]:
    """The column values of a mapped object as JSON-ready data (ids, dates as text)."""
    skip = {"created_at", "updated_at", *leave_out}
    return {prefix + attr.key: json_value(getattr(obj, attr.key)) for attr in inspect(obj).mapper.column_attrs
            if attr.key not in skip}


def actor_id(actor) -> int | None:
    """The user id an audit entry names for ``actor`` (None: the system, or an anonymous user)."""
    return getattr(actor, "id", None) if actor is not None and getattr(actor, "is_authenticated", True) else None


def record(actor, action: str, entity: str, entity_id: int, before: dict | None, after: dict | None) -> AuditEntry:
    """Add an audit entry by ``actor`` (a user, or None for the system) to the current transaction."""
    entry = AuditEntry(action=action, entity=entity, entity_id=entity_id, before=before, after=after,
                       user_id=actor_id(actor))
    db.session.add(entry)
    return entry


def write_change(actor, action: str, entity: str, obj, before: dict | None = None, *,
                 leave_out: tuple[str, ...] = (), extra: dict | None = None) -> AuditEntry:
    """Add ``obj`` to the session, flush it for its id, and audit the change; the caller commits.

    ``before`` is the snapshot taken before the change (None for a new record); the after-snapshot leaves
    out ``leave_out`` (secrets) and adds ``extra`` (related values, such as a profile's fields).
    """
    db.session.add(obj)
    db.session.flush()
    return record(actor, action, entity, obj.id, before, {**snapshot(obj, leave_out=leave_out), **(extra or {})})


def changes_since(entity: str, entity_id: int, version: int, limit: int = 50) -> list[AuditEntry]:
    """The audited saves of a versioned record that came after ``version``, oldest first.

    Read in Python rather than in JSON SQL, which SQLite and PostgreSQL spell differently; a record has few.
    """
    entries = db.session.execute(select(AuditEntry).where(
        AuditEntry.entity == entity, AuditEntry.entity_id == entity_id)
        .order_by(AuditEntry.id.desc()).limit(limit)).scalars().all()
    return [e for e in reversed(entries) if (e.after or {}).get("version", 0) > version]


def change_rows(entry: AuditEntry, labels: dict[str, str], show=None) -> list[tuple[str, str, str]]:
    """An entry's changed fields as (label, before, after) texts; ``show(field, value)`` may hide values."""
    show = show or (lambda field, value: value)
    before, after = entry.before or {}, entry.after or {}

    def text(field: str, value: Any) -> str:
        value = show(field, value)
        if value is None:
            return ""
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)

    return [(str(labels.get(f, f)), text(f, before.get(f)), text(f, after.get(f))) for f in entry.changed_fields()]
