"""indexes for a county: the ledger list in name order per group, names by trigram, hours per pairing

Revision ID: core_0006
Revises: core_0005
Create Date: 2026-12-01 23:30:00

Measured on a county of 100,000 people (bench/portal.py): the ledger list is read per group and status in
name order, which ``(group, status, name, id)`` gives without sorting the group; a name searched anywhere
in it (``LIKE '%q%'``) walked the whole name index, which a trigram index (PostgreSQL's pg_trgm; on SQLite
a plain index on name, as before) answers directly; a volunteer's page summed hours per pairing over every
hours row (no index on ``hours.pairing_id``).
"""
import sqlalchemy as sa
from alembic import op

revision = 'core_0006'
down_revision = 'core_0005'
branch_labels = None
depends_on = None


def upgrade():
    postgres = op.get_bind().dialect.name == "postgresql"
    if postgres:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.drop_index("ix_beneficiaries_name", table_name="beneficiaries")
    op.create_index("ix_beneficiaries_name_trgm", "beneficiaries", ["name"], postgresql_using="gin",
                    postgresql_ops={"name": "gin_trgm_ops"})
    op.create_index("ix_beneficiaries_group_status_name", "beneficiaries", ["group", "status", "name", "id"])
    op.create_index("ix_hours_pairing_id", "hours", ["pairing_id"])


def downgrade():
    op.drop_index("ix_hours_pairing_id", table_name="hours")
    op.drop_index("ix_beneficiaries_group_status_name", table_name="beneficiaries")
    op.drop_index("ix_beneficiaries_name_trgm", table_name="beneficiaries")
    op.create_index("ix_beneficiaries_name", "beneficiaries", ["name"])
