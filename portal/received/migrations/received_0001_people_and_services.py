"""received: who took part in each activity, and the periodic services each person received

Revision ID: received_0001
Revises: core_0007
Create Date: 2026-12-07 00:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'received_0001'
down_revision = 'core_0007'
branch_labels = ('received',)
depends_on = None


def upgrade():
    op.create_table('activity_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_activity_people_activity_id_activities'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_activity_people_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_activity_people_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_activity_people')),
    sa.UniqueConstraint('activity_id', 'beneficiary_id', name='uq_activity_people_person')
    )
    op.create_index(op.f('ix_activity_people_activity_id'), 'activity_people', ['activity_id'], unique=False)
    op.create_index(op.f('ix_activity_people_beneficiary_id'), 'activity_people', ['beneficiary_id'], unique=False)
    op.create_table('service_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('service', sa.String(length=64), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('activity_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['activity_id'], ['activities.id'], name=op.f('fk_service_records_activity_id_activities'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_service_records_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_service_records_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_records'))
    )
    op.create_index(op.f('ix_service_records_service'), 'service_records', ['service'], unique=False)
    op.create_index(op.f('ix_service_records_activity_id'), 'service_records', ['activity_id'], unique=False)
    op.create_index('ix_service_records_person_service_day', 'service_records', ['beneficiary_id', 'service', 'day'],
                    unique=False)


def downgrade():
    op.drop_table('service_records')
    op.drop_table('activity_people')
