"""duties: the kept gaps indexed by group and households (the overdue list shows the 20 with the most households:
read in that order and stopped, instead of every gap of a county joined to its places and sorted)

Revision ID: duties_0006
Revises: duties_0005
Create Date: 2026-12-07 10:40:00

"""
from alembic import op

revision = 'duties_0006'
down_revision = 'duties_0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_duty_gaps_group_households', 'duty_gaps', ['group', 'households'], unique=False)


def downgrade():
    op.drop_index('ix_duty_gaps_group_households', table_name='duty_gaps')
