"""duties: the kept counts' refresh day indexed (the overdue list asks for the oldest on every view)

Revision ID: duties_0003
Revises: duties_0002
Create Date: 2026-12-07 04:10:00

"""
from alembic import op

revision = 'duties_0003'
down_revision = 'duties_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_duty_counts_as_of', 'duty_counts', ['as_of'], unique=False)


def downgrade():
    op.drop_index('ix_duty_counts_as_of', table_name='duty_counts')
