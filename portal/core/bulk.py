"""Many new rows of one table at once, ids returned in the rows' order: COPY on PostgreSQL, INSERTs elsewhere.

A county match run writes some 13,000 pairings and as many audit entries. As multi-row INSERTs with bound
parameters that took 17-21 s on PostgreSQL, of which the database needed half a second: psycopg rewrites
each statement's thousands of placeholders in Python. ``COPY ... FROM STDIN`` sends the rows as data, and
the ids come from the table's sequence beforehand, so they are known in the rows' order.
"""
from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, insert, text
from sqlalchemy.exc import DBAPIError

from ..extensions import db
from .cache import forget

#: Rows per multi-row INSERT where COPY is not available.
CHUNK = 500
#: Called with the table's name after every :func:`insert_rows` (rows no session event sees: a COPY), for what
#: a feature keeps computed from that table (e.g. a kept due table, told it is no longer whole).
written: list = []


def insert_rows(model, rows: list[dict[str, Any]], ids: bool = True) -> list[int]:
    """Insert ``rows`` (dicts of column values, every row with the same keys) into ``model``'s table, in the
    session's transaction; return the new ids in the rows' order (none if ``ids`` is False)."""
    if not rows:
        return []
    for watcher in written:
        watcher(model.__table__.name)
    if db.session.get_bind().dialect.name == "postgresql":
        return _copy(model.__table__, rows, ids)
    table, out = model.__table__, []
    if not ids:  # one executemany: SQLite's RETURNING in parameter order would send a statement per row
        db.session.execute(insert(table), rows)
        return []
    for start in range(0, len(rows), CHUNK):
        # RETURNING makes it one multi-row INSERT per chunk (without it some drivers send one per row).
        result = db.session.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True),
                                    rows[start:start + CHUNK])
        out += result.scalars().all()
    return out if ids else []


def _copy(table, rows: list[dict[str, Any]], with_ids: bool) -> list[int]:
    import psycopg
    from psycopg.types.json import Json

    connection = db.session.connection()
    rows = with_defaults(table, rows)
    names = list(rows[0])
    new_ids: list[int] = []
    if with_ids:
        sequence = connection.execute(text("SELECT pg_get_serial_sequence(:t, 'id')"), {"t": table.name}).scalar()
        new_ids = connection.execute(text("SELECT nextval(:s) FROM generate_series(1, :n)"),
                                     {"s": sequence, "n": len(rows)}).scalars().all()
    as_json = {c.name for c in table.columns if isinstance(c.type, JSON)}
    quote = connection.dialect.identifier_preparer.quote
    columns = ", ".join(quote(n) for n in (["id"] if with_ids else []) + names)
    statement = f"COPY {quote(table.name)} ({columns}) FROM STDIN"
    raw = connection.connection.driver_connection
    try:
        with raw.cursor() as cursor, cursor.copy(statement) as copy:
            for i, row in enumerate(rows):
                values = [Json(row[n]) if n in as_json and row[n] is not None else row[n] for n in names]
                copy.write_row([new_ids[i], *values] if with_ids else values)
    except psycopg.Error as exc:  # as SQLAlchemy raises it for a statement of its own (IntegrityError, ...)
        raise DBAPIError.instance(statement, None, exc, psycopg.Error) from exc
    forget({table.name})  # the session's own writes are watched by events; COPY passes them by
    return new_ids


def with_defaults(table, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with the same keys (one statement needs them): a column a row leaves out gets its Python-side
    default, as an INSERT of that row would (COPY knows only the database's own defaults), or None."""
    given = {k for row in rows for k in row}
    filled = [c for c in table.columns if not c.primary_key and (c.name in given or c.default is not None)]
    if all(len(row) == len(filled) for row in rows) and given == {c.name for c in filled}:
        return rows
    return [{**{c.name: _default(c.default) for c in filled if c.name not in row}, **row} for row in rows]


def _default(default) -> Any:
    """A column's Python-side default value (a callable one evaluated now, per row, as a flush would)."""
    if default is None:
        return None
    return default.arg if default.is_scalar else default.arg(None)


#: From how many rows written at once a bulk load analyzes the tables it wrote (PostgreSQL).
ANALYZE_FROM = 200


def analyze(tables: list[str] | tuple[str, ...]) -> None:
    """On PostgreSQL, ANALYZE ``tables`` in the session's transaction (its own new rows are sampled too), so the
    planner knows what a bulk load (an import, a demo) just wrote before the next query plans: until autovacuum
    comes by it takes a grown table for the small one it was (issue 32). Nothing on SQLite."""
    if db.session.get_bind().dialect.name != "postgresql":
        return
    known = set(db.metadata.tables)
    for table in dict.fromkeys(tables):
        if table in known:
            db.session.execute(text(f'ANALYZE "{table}"'))
