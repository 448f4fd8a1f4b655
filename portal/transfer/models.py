"""An import as one audited event: who imported which file where, and what came of its rows; a large import's
commit on the queue (its job)."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, deferred, mapped_column

from ..core.models import Timestamps
from ..core.time import utcnow
from ..extensions import db


class ImportRun(Timestamps, db.Model):
    """One committed import; each record it created or changed has its own audit entry as well."""

    __tablename__ = "import_runs"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    place_id: Mapped[int] = mapped_column(ForeignKey("places.id"), index=True)
    file_name: Mapped[str] = mapped_column(String(200))
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class ImportJob(db.Model):
    """A large import's commit handed to the queue (issue 32): the sheet's kept rows and the user's choices, the
    worker's progress, then the import it wrote (``import_run_id``) or why nothing was written. Its owner's only.

    ``status``: queued, running, then done (everything written, in the transaction that wrote it), refused
    (a row cannot be written: ``problems`` name the rows; nothing written) or failed (``error``; nothing written).
    """

    __tablename__ = "import_jobs"
    __table_args__ = (Index("ix_import_jobs_user", "user_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    what: Mapped[str] = mapped_column(String(16))         # "ledger" or "volunteers"
    file_name: Mapped[str] = mapped_column(String(200))
    token: Mapped[str] = mapped_column(String(64))        # the upload kept by ``store`` (its preview's address)
    # the page's choices (place, group, update, the mapping's fixes, the reason for rows outside the rules),
    # the commit page's path and the user's language: what the worker answers as, for them
    params: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sheet: Mapped[bytes | None] = deferred(mapped_column(LargeBinary))  # the kept rows (``store.pack``), until it ends
    rows: Mapped[int] = mapped_column(default=0)          # rows of the sheet as read
    to_write: Mapped[int] = mapped_column(default=0)      # rows found new or to update, once checked
    status: Mapped[str] = mapped_column(String(16), default="queued", index=True)
    phase: Mapped[str] = mapped_column(String(16), default="")  # checking, writing, finishing
    progress: Mapped[int] = mapped_column(default=0)
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [row or None, column, message]
    error: Mapped[str] = mapped_column(Text, default="")
    import_run_id: Mapped[int | None] = mapped_column(ForeignKey("import_runs.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    heartbeat_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def final(self) -> bool:
        return self.status not in ("queued", "running")
