"""Listening on the portal's session, for a feature that keeps a table in step with the session's writes (the
duties' due table, the visits' kept due days): its listeners installed once per process, however many apps."""
from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import event

from ..extensions import db

_listening: set[str] = set()


def listen_once(owner: str, **listeners: Callable) -> bool:
    """Listen on the portal's scoped session with ``listeners`` (a SQLAlchemy session event's name to its
    function), once per process for ``owner``; whether they were installed by this call."""
    if owner in _listening:
        return False
    for name, fn in listeners.items():
        event.listen(db.session, name, fn)
    _listening.add(owner)
    return True
