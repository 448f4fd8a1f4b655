"""match runs keep their review's summary and their result cut by village, computed once by the worker

Revision ID: assignment_0001
Revises: core_0004
Create Date: 2026-12-02 01:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'assignment_0001'
down_revision = 'core_0004'
branch_labels = ('assignment',)
depends_on = None


def upgrade():
    with op.batch_alter_table('match_runs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review', sa.JSON(), nullable=True))
        batch_op.add_column(sa.Column('rows_by_place', sa.JSON(), nullable=True))


def downgrade():
    with op.batch_alter_table('match_runs', schema=None) as batch_op:
        batch_op.drop_column('rows_by_place')
        batch_op.drop_column('review')
