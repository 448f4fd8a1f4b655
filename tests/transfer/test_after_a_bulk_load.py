"""Right after an import (issue 32): the name trigram index keeps no pending list, and the tables written are
analyzed, so the next preview's name lookups read the index alone and are planned with the new rows counted."""
import pytest
from sqlalchemy import text

from portal.extensions import db

from .helpers import imported
from .sheets import village_sheet


# A PostgreSQL index option and statistics: SQLite has neither.
pytestmark = pytest.mark.postgresql


def test_the_name_trigram_index_has_no_pending_list(app):
    """Migration core_0009 set ``fastupdate = off`` on the GIN index (pg_class.reloptions)."""
    options = db.session.execute(text(
        "SELECT reloptions FROM pg_class WHERE relname = 'ix_beneficiaries_name_trgm'")).scalar_one()
    assert "fastupdate=off" in (options or [])


def test_an_import_analyzes_the_tables_it_wrote(county, grid, monkeypatch):
    """The village sheet's 5 rows count as a bulk load once the threshold is 1: beneficiaries' statistics are
    taken in the import's transaction (pg_stat_user_tables.last_analyze moves)."""
    monkeypatch.setattr("portal.transfer.commit.ANALYZE_FROM", 1)

    def last_analyze():
        db.session.execute(text("SELECT pg_stat_clear_snapshot()"))
        return db.session.execute(text(
            "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'beneficiaries'")).scalar_one()

    before = last_analyze()
    imported(county["users"]["east"], village_sheet(), county["v_east"])
    after = last_analyze()
    assert after is not None and (before is None or after > before)


def test_a_small_import_leaves_the_statistics_to_autovacuum(county, grid):
    """Below ``ANALYZE_FROM`` rows nothing is analyzed (an edit of five people is no bulk load)."""
    db.session.execute(text("SELECT pg_stat_clear_snapshot()"))
    before = db.session.execute(text(
        "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'beneficiaries'")).scalar_one()
    imported(county["users"]["east"], village_sheet(), county["v_east"])
    db.session.execute(text("SELECT pg_stat_clear_snapshot()"))
    assert db.session.execute(text(
        "SELECT last_analyze FROM pg_stat_user_tables WHERE relname = 'beneficiaries'")).scalar_one() == before
