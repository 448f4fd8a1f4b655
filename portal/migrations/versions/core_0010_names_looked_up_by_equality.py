"""names looked up by equality: a plain btree index on beneficiaries.name

Revision ID: core_0010
Revises: core_0009
Create Date: 2026-12-07 10:25:00

An import looks every name of its sheet up, 500 at a time (``name = ANY(:names)``, issue 32); on PostgreSQL the
only index on ``name`` was the trigram GIN index, which answers an equality by reading the trigrams of each
name: 28-38 ms a chunk on the county of 100,000, against 7 ms through a btree (EXPLAIN ANALYZE on a copy of the
county). A sheet without ID-card numbers is looked up by name alone (14-20 chunks). SQLite's copy of the
trigram index is a plain index on ``name`` already; this one is the same there.
"""
from alembic import op

revision = 'core_0010'
down_revision = 'core_0009'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_beneficiaries_name", "beneficiaries", ["name"])


def downgrade():
    op.drop_index("ix_beneficiaries_name", table_name="beneficiaries")
