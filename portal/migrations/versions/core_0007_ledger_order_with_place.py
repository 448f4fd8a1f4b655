"""the ledger's order index carries the place: a deep page and the pager's count read the index alone

Revision ID: core_0007
Revises: core_0006
Create Date: 2026-12-02 01:50:00

Measured on a county of 100,000 people (bench/portal.py, issue 21): page 200 of a group's ledger walked
5,000 rows of the table in name order only to read each row's place for the scope; with the place in the
index, the page's ids are found from the index alone (PostgreSQL's index-only scan) and only the page's
rows are read. The index replaces ``(group, status, name, id)``, of which it is an extension.
"""
from alembic import op

revision = 'core_0007'
down_revision = 'core_0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_beneficiaries_group_status_name_place", "beneficiaries",
                    ["group", "status", "name", "id", "place_id"])
    op.drop_index("ix_beneficiaries_group_status_name", table_name="beneficiaries")


def downgrade():
    op.create_index("ix_beneficiaries_group_status_name", "beneficiaries", ["group", "status", "name", "id"])
    op.drop_index("ix_beneficiaries_group_status_name_place", table_name="beneficiaries")
