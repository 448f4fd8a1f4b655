"""visits: the kept due table (visit_due) and its state row, read by the overdue list

Revision ID: visits_0003
Revises: visits_0002
Create Date: 2026-12-07 13:10:00

The overdue list computed every person's due dates for every request (a county of 100,000: 0.6 s of SQL a
page). ``visit_due`` keeps them per person and rule, written by ``portal.visits.kept``; it starts empty, with no
state row, and the list computes its page from the visits until ``guanai visits refresh`` or the daily run fills it.
"""
import sqlalchemy as sa
from alembic import op

revision = 'visits_0003'
down_revision = 'visits_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('visit_due',
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=32), nullable=False),
    sa.Column('risk_level', sa.String(length=8), nullable=False),
    sa.Column('last', sa.DateTime(), nullable=True),
    sa.Column('vid', sa.Integer(), nullable=True),
    sa.Column('due', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_visit_due_beneficiary_id_beneficiaries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('beneficiary_id', 'rule', name=op.f('pk_visit_due'))
    )
    op.create_index('ix_visit_due_due', 'visit_due', ['due', 'beneficiary_id', 'rule'], unique=False)
    op.create_index('ix_visit_due_vid', 'visit_due', ['vid'], unique=False)
    op.create_table('visit_due_state',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('refreshed_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_due_state'))
    )


def downgrade():
    op.drop_table('visit_due_state')
    op.drop_index('ix_visit_due_vid', table_name='visit_due')
    op.drop_index('ix_visit_due_due', table_name='visit_due')
    op.drop_table('visit_due')
