"""the name trigram index keeps no pending list: new names go into the index at once

Revision ID: core_0009
Revises: core_0008
Create Date: 2026-12-07 03:30:00

A GIN index with ``fastupdate`` (PostgreSQL's default) puts new entries in a pending list that every scan of
the index reads whole until a VACUUM or the list's limit merges it. Right after a 10,000-row import the
re-import's preview looked its names up in 20 chunks of 500, and each chunk spent 3 s reading that list (the
preview answered 500 after 31 s; issue 32). Without the pending list an insert writes its trigrams at once (a
little slower per row; an import writes thousands, not millions) and a lookup reads only the index. The list
already pending is merged now. SQLite has no such index (its copy is a plain one): nothing to do there.
"""
from alembic import op

revision = 'core_0009'
down_revision = 'core_0008'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER INDEX ix_beneficiaries_name_trgm SET (fastupdate = off)")
    op.execute("SELECT gin_clean_pending_list('ix_beneficiaries_name_trgm'::regclass)")


def downgrade():
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("ALTER INDEX ix_beneficiaries_name_trgm RESET (fastupdate)")
