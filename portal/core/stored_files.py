"""Files written inside a database transaction, removed again when it rolls back.

A photo is written to its folder before the row naming it is committed. A refused form, a lost race (the
losing twin of an offline send, issue 31) or a failed import then rolled the row back and left the file,
which no row names and nobody can see or delete. Each file written through :func:`write_file` is noted on
the session and removed when the session's transaction rolls back; a commit keeps it.
"""
from __future__ import annotations

import logging
import os

from sqlalchemy import event
from sqlalchemy.orm import Session

from ..extensions import db

log = logging.getLogger(__name__)
KEY = "guanai_written_files"


def write_file(folder: str, name: str, data: bytes) -> str:
    """Write ``data`` to ``folder/name`` for a row of the current transaction; the path. Removed on rollback."""
    session = db.session()
    session.connection()  # a transaction is under way, so that its rollback (or commit) is heard
    path = os.path.join(folder, name)
    with open(path, "wb") as fh:
        fh.write(data)
    session.info.setdefault(KEY, []).append(path)
    return path


@event.listens_for(Session, "after_commit")
def _keep_written(session: Session) -> None:
    session.info.pop(KEY, None)


@event.listens_for(Session, "after_rollback")
def _remove_written(session: Session) -> None:
    for path in session.info.pop(KEY, None) or ():
        try:
            os.remove(path)
        except FileNotFoundError:
            pass
        except OSError:  # the row is gone either way; a file left behind is only space
            log.warning("could not remove %s after a rollback", path, exc_info=True)
