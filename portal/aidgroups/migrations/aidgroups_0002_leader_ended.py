"""aidgroups: a leadership ends (the leader stepped down) with its day and reason; the group then needs a new leader

Revision ID: aidgroups_0002
Revises: aidgroups_0001
Create Date: 2026-12-07 06:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'aidgroups_0002'
down_revision = 'aidgroups_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('aid_groups') as batch:
        batch.add_column(sa.Column('leader_ended_on', sa.Date(), nullable=True))
        batch.add_column(sa.Column('leader_end_reason', sa.String(length=300), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('aid_groups') as batch:
        batch.drop_column('leader_end_reason')
        batch.drop_column('leader_ended_on')
