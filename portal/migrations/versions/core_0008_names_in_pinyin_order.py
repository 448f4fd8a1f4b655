"""names in pinyin order: the ledger list's index sorts names with PostgreSQL's ICU collation zh-x-icu

Revision ID: core_0008
Revises: core_0007
Create Date: 2026-12-07 01:20:00

Lists sort names by pinyin (issue 27): the ledger orders by ``name COLLATE "zh-x-icu"`` on PostgreSQL
(``portal.core.sql.by_pinyin``), which the index of core_0007 (code-point order) cannot serve; this index
keeps the same columns in pinyin order, so that a deep page still reads its ids from the index alone. SQLite
sorts with a collation each connection registers; its copy of the index is plain (an index in that collation
would need it in every tool that opens the file), kept so that one model describes both databases.
"""
from alembic import op

revision = 'core_0008'
down_revision = 'core_0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_beneficiaries_group_status_pinyin_place", "beneficiaries",
                    ["group", "status", "name", "id", "place_id"], postgresql_ops={"name": 'COLLATE "zh-x-icu"'})


def downgrade():
    op.drop_index("ix_beneficiaries_group_status_pinyin_place", table_name="beneficiaries")
