"""pairings say why they ended (a helper left or paused, a lapsed check) and since when a lapsed check flags them

Revision ID: assignment_0002
Revises: assignment_0001
Create Date: 2026-12-07 00:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'assignment_0002'
down_revision = 'assignment_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('pairings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('end_cause', sa.String(length=16), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('check_flagged_on', sa.Date(), nullable=True))


def downgrade():
    with op.batch_alter_table('pairings', schema=None) as batch_op:
        batch_op.drop_column('check_flagged_on')
        batch_op.drop_column('end_cause')
