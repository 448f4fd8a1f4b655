"""The kept due table (``visit_due``): every active person's due day per tracked visit rule and risk level, as
:func:`portal.visits.due.due_table` computes it, kept so that the overdue list reads one page by an index
instead of computing a county's 130,000 due dates on every request (issue 28, "Scale").

It is written only here, never row by row in Python: one DELETE and one ``INSERT ... SELECT`` of the schedule's
own statement, for the people a commit touched or for everyone.

- **Per person, at each commit**: a flush that adds, changes or removes a person, a visit, a pairing or a risk
  level notes the person; before the commit (and before the list reads, so a request sees its own writes) their
  rows are computed again in the same transaction. Pairings written in bulk (a match run, pairings ended) come
  through the pairing hooks.
- **Whole**, by ``guanai visits refresh`` and the daily run (``visits.refresh_due``): what rows written around the
  ORM and a changed rule leave.
- **Whole or not read at all**: the one ``visit_due_state`` row names the rules' signature the table was written
  under. With no row (a new database, rows COPYed or changed by statements the events cannot follow: an import,
  a demo) or another signature (a deployment changed a rule's days or the risk levels'), the lists compute from
  the visits themselves, as before, until the next whole refresh: a worker runs one (``REFRESH_TASK``) as soon as
  a commit that left the table not whole lands. Slow meanwhile, never wrong.
"""
from __future__ import annotations

import hashlib
from itertools import chain

from flask import current_app, has_app_context
from sqlalchemy import delete, insert, select

from ..core import bulk
from ..core.session_events import listen_once
from ..core.time import utcnow
from ..extensions import db

_DIRTY = "guanai_visit_due_dirty"
_STALE = "guanai_visit_due_stale"
#: The queue's task that computes the whole table again after a commit left it not whole.
REFRESH_TASK = "visits.refresh_due_kept"
_BUSY = "guanai_visit_due_busy"
#: Tables whose rows the due days are computed from, when written by a statement (not the ORM) or a COPY: the
#: people concerned are unknown, so the table is no longer whole. Pairings come through the pairing hooks.
STALE_ON_BULK = frozenset({"beneficiaries", "visits", "visit_risk_levels"})
#: People per statement of a refresh (a bound parameter each).
CHUNK = 500


def _enabled() -> bool:
    if not has_app_context():
        return False
    plugins = current_app.extensions.get("guanai")
    return plugins is not None and plugins.pm.has_plugin("visits")


def signature() -> str:
    """What the kept due days depend on besides the rows: the tracked rules, the risk levels' days, the zone."""
    from .due import local_offset_minutes, risk_days
    days, offset = tuple(sorted(risk_days().items())), local_offset_minutes()
    # the rules are the app's plugins' with the groups' settings (GUANAI_GROUP_SETTINGS): asked once per value
    key = (days, offset, repr(current_app.config.get("GUANAI_GROUP_SETTINGS")))
    known = current_app.extensions.setdefault("guanai_visit_due_signature", {})
    if key not in known:
        if len(known) > 16:
            known.clear()
        known[key] = _signature(days, offset)
    return known[key]


def _signature(days: tuple, offset: int) -> str:
    from ..plugin.manager import current_plugins
    from .due import HIGH_RISK_WITHIN_DAYS, RISK_RULE
    plugins = current_plugins()
    rules = [(g, [(r.code, r.every_days, tuple(r.services or ()), tuple(r.roles or ()), tuple(r.categories or ()))
                  for r in plugins.visit_rules_tracked(g)]) for g in sorted(plugins.groups)]
    text = repr((rules, days, offset, HIGH_RISK_WITHIN_DAYS, RISK_RULE.code))
    return hashlib.sha256(text.encode()).hexdigest()


def _whole() -> bool:
    from .models import VisitDueState
    found = db.session.execute(select(VisitDueState.signature).where(VisitDueState.id == 1)).scalar_one_or_none()
    return found is not None and found == signature()


def ready() -> bool:
    """Whether the lists may read the kept table now: it is whole under today's rules, and the people this
    transaction touched have been computed again (their rows written here, before the read)."""
    session = db.session()
    if not _enabled() or session.info.get(_STALE):
        return False
    session.flush()
    if session.info.get(_STALE) or not _whole():
        return False
    dirty = session.info.pop(_DIRTY, None)
    if dirty:
        session.info[_BUSY] = True
        try:
            refresh_ids(dirty)
        finally:
            session.info.pop(_BUSY, None)
    return True


def _write(where: list, filters) -> None:
    """The rows of the people meeting ``where``, computed by the schedule's statement. On PostgreSQL a row another
    transaction wrote meanwhile (two commits about the same person at once, one during the daily refresh) is
    overwritten, not a unique violation: the last commit's rows win until the person's next write or the next
    whole refresh."""
    from .due import due_table
    from .models import VisitDue
    table = due_table(where, filters, None)
    rows = select(table.c.id, table.c.rule, table.c.risk_level, table.c.last, table.c.vid, table.c.due)
    columns = ["beneficiary_id", "rule", "risk_level", "last", "vid", "due"]
    if db.session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert
        stmt = pg_insert(VisitDue).from_select(columns, rows)
        stmt = stmt.on_conflict_do_update(index_elements=["beneficiary_id", "rule"],
                                          set_={c: stmt.excluded[c] for c in columns[2:]})
    else:   # SQLite: one writer at a time
        stmt = insert(VisitDue).from_select(columns, rows)
    db.session.execute(stmt)


def refresh_ids(ids) -> None:
    """The kept rows of these people computed again (the caller commits)."""
    from ..ledger.models import Beneficiary
    from .due import Filters
    from .models import VisitDue
    ids = sorted({i for i in ids if i is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start:start + CHUNK]
        db.session.execute(delete(VisitDue).where(VisitDue.beneficiary_id.in_(chunk)))
        _write([Beneficiary.id.in_(chunk), Beneficiary.status == "active"], Filters(ids=chunk))


def refresh() -> int:
    """Every active person's rows computed again and the table marked whole under today's rules (the caller
    commits). How many rows are kept."""
    from sqlalchemy import func

    from ..ledger.models import Beneficiary
    from .due import Filters
    from .models import VisitDue, VisitDueState
    session = db.session()
    session.flush()
    session.info[_BUSY] = True
    try:
        session.execute(delete(VisitDue))
        _write([Beneficiary.status == "active"], Filters())
        session.execute(delete(VisitDueState))
        session.execute(insert(VisitDueState).values(id=1, signature=signature(), refreshed_at=utcnow()))
    finally:
        session.info.pop(_BUSY, None)
    session.info.pop(_DIRTY, None)
    session.info.pop(_STALE, None)
    return session.execute(select(func.count()).select_from(VisitDue)).scalar_one()


def note_people(ids) -> None:
    """People whose due days change through writes the flush does not see (pairings written in bulk)."""
    if _enabled():
        db.session().info.setdefault(_DIRTY, set()).update(i for i in ids if i is not None)


def note_pairings(pairing_ids) -> None:
    from ..assignment.models import Pairing
    if _enabled() and pairing_ids:
        note_people(db.session.execute(select(Pairing.beneficiary_id).where(Pairing.id.in_(list(pairing_ids))))
                    .scalars().all())


def _after_flush(session, _context) -> None:
    if session.info.get(_BUSY) or not _enabled():
        return
    from ..assignment.models import Pairing
    from ..ledger.models import Beneficiary
    from .models import RiskLevel, Visit
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Beneficiary):
            session.info.setdefault(_DIRTY, set()).add(obj.id)
        elif isinstance(obj, (Visit, Pairing, RiskLevel)):
            session.info.setdefault(_DIRTY, set()).add(obj.beneficiary_id)


def _on_statement(state) -> None:
    """A person, visit or risk level written by a statement: whose rows changed is unknown."""
    if not (state.is_insert or state.is_update or state.is_delete) or state.session.info.get(_BUSY):
        return
    if getattr(getattr(state.statement, "table", None), "name", None) in STALE_ON_BULK and _enabled():
        state.session.info[_STALE] = True


def _copied(table_name: str) -> None:
    if table_name in STALE_ON_BULK and _enabled():
        db.session().info[_STALE] = True


def _before_commit(session) -> None:
    if session.info.get(_BUSY) or not _enabled():
        return
    if not (session.info.get(_DIRTY) or session.info.get(_STALE) or session.new or session.dirty or session.deleted):
        return
    session.flush()   # the commit flushes after this event: what is pending is noted now
    dirty, stale = session.info.pop(_DIRTY, None), session.info.pop(_STALE, False)
    from .models import VisitDueState
    session.info[_BUSY] = True
    try:
        if stale:
            # not whole: read from the visits until the refresh a worker runs once this commits (an import's
            # COPY, the demo) or the daily one
            session.execute(delete(VisitDueState))
            from ..core.queue import enqueue_after_commit
            enqueue_after_commit(REFRESH_TASK)
        elif dirty and _whole():
            refresh_ids(dirty)
    finally:
        session.info.pop(_BUSY, None)


def _after_rollback(session, _previous=None) -> None:
    session.info.pop(_DIRTY, None)
    session.info.pop(_STALE, None)


def install() -> None:
    """Listen on the portal's session, and on the rows COPYed around it (once per process)."""
    if listen_once(__name__, after_flush=_after_flush, before_commit=_before_commit, do_orm_execute=_on_statement,
                   after_soft_rollback=_after_rollback):
        bulk.written.append(_copied)
