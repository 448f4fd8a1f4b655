"""outreach: why a delivery's relation was not told (another told instead, or nobody: an orphan's parents)

Revision ID: outreach_0002
Revises: outreach_0001
Create Date: 2026-12-07 06:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'outreach_0002'
down_revision = 'outreach_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('outreach_deliveries') as batch:
        batch.add_column(sa.Column('reason', sa.String(length=200), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('outreach_deliveries') as batch:
        batch.drop_column('reason')
