"""reverification: helpers' pledges and yearly training

Revision ID: reverification_0002
Revises: reverification_0001
Create Date: 2026-12-01 23:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'reverification_0002'
down_revision = 'reverification_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('helper_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_helper_records_activity_id_activities')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_helper_records_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_helper_records_volunteer_id_volunteers'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_helper_records'))
    )
    for column in ('volunteer_id', 'kind', 'day'):
        op.create_index(op.f(f'ix_helper_records_{column}'), 'helper_records', [column], unique=False)


def downgrade():
    op.drop_table('helper_records')
