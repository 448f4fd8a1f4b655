"""Column helpers shared by every feature's models: timestamps and the edit version."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Mapped, declared_attr, mapped_column

from .time import utcnow


class Timestamps:
    """Created and updated times (UTC)."""

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Versioned:
    """An edit version, raised by every UPDATE (SQLAlchemy's ``version_id_col``).

    An edit form carries the version it was read at; a save from an older version is refused instead of
    silently undoing someone else's changes, and a concurrent flush fails with ``StaleDataError``.
    """

    version: Mapped[int] = mapped_column(default=1, server_default="1")

    @declared_attr.directive
    def __mapper_args__(cls) -> dict:
        return {"version_id_col": cls.version}
