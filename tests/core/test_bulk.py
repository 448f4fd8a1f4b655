"""Rows inserted in bulk (COPY on PostgreSQL, multi-row INSERTs on SQLite): ids in order, values as given."""
from datetime import datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from portal.core.audit import AuditEntry
from portal.core.bulk import insert_rows
from portal.extensions import db
from portal.places.models import Place

from ..factories import make_place


def test_ids_come_back_in_the_rows_order_and_every_value_is_kept(app):
    at = datetime(2026, 12, 2, 3, 4, 5)
    rows = [{"at": at, "user_id": None, "action": "create", "entity": "pairing", "entity_id": n,
             "before": None if n % 2 else {"status": "active"}, "after": {"n": n, "名字": "王小明"}}
            for n in range(1, 1203)]  # more than one chunk on SQLite
    ids = insert_rows(AuditEntry, rows)
    db.session.commit()
    assert len(ids) == len(set(ids)) == len(rows)
    stored = {e.id: e for e in db.session.execute(select(AuditEntry)).scalars()}
    for i, row in zip(ids, rows):
        entry = stored[i]
        assert (entry.at, entry.entity_id, entry.before, entry.after) == (at, row["entity_id"], row["before"],
                                                                          row["after"])


def test_without_ids_the_rows_are_written_all_the_same(app):
    assert insert_rows(AuditEntry, [{"at": datetime(2026, 1, 1), "user_id": None, "action": "end",
                                     "entity": "pairing", "entity_id": 7, "before": None, "after": None}],
                       ids=False) == []
    assert db.session.execute(select(AuditEntry.entity_id)).scalars().all() == [7]


def test_a_broken_constraint_is_sqlalchemys_integrity_error_and_nothing_is_written(app):
    root = make_place("C", "示范县", "county", None, 27.25, 111.8)
    db.session.commit()
    row = {"code": "C", "name": "again", "level": "township", "parent_id": root.id, "path": "/x/",
           "lat": 27.0, "lon": 111.0}
    with pytest.raises(IntegrityError):
        insert_rows(Place, [row])
    db.session.rollback()
    assert db.session.execute(select(Place.name)).scalars().all() == ["示范县"]


def test_a_value_kept_from_the_table_is_read_again_after_rows_go_in(app, area_cache):
    kept = area_cache.kept
    count = lambda: db.session.execute(select(AuditEntry.id)).scalars().all().__len__()  # noqa: E731
    with app.test_request_context():
        assert kept(("audit",), None, {"audit_log"}, count) == 0
        insert_rows(AuditEntry, [{"at": datetime(2026, 1, 1), "user_id": None, "action": "end", "entity": "pairing",
                                  "entity_id": 1, "before": None, "after": None}], ids=False)
        assert kept(("audit",), None, {"audit_log"}, count) == 1  # COPY on PostgreSQL passes the session's events
        assert kept(("other",), None, {"places"}, count) == 1
