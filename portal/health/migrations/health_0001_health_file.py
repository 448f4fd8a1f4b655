"""health: readings, standing facts, chronic conditions, vaccinations and illnesses of each person

Revision ID: health_0001
Revises: core_0007
Create Date: 2026-12-07 00:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'health_0001'
down_revision = 'core_0007'
branch_labels = ('health',)
depends_on = None


def _person(table):
    return sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                                   name=op.f(f'fk_{table}_beneficiary_id_beneficiaries'))


def _recorder(table, column='recorded_by_id'):
    return sa.ForeignKeyConstraint([column], ['users.id'], name=op.f(f'fk_{table}_{column}_users'))


def upgrade():
    op.create_table('health_readings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('taken_on', sa.Date(), nullable=False),
    sa.Column('systolic', sa.Integer(), nullable=True),
    sa.Column('diastolic', sa.Integer(), nullable=True),
    sa.Column('glucose', sa.Double(), nullable=True),
    sa.Column('height', sa.Double(), nullable=True),
    sa.Column('weight', sa.Double(), nullable=True),
    sa.Column('taken_by', sa.String(length=64), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('flags', sa.String(length=64), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    _person('health_readings'), _recorder('health_readings'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_readings'))
    )
    op.create_index('ix_health_readings_person_kind_day', 'health_readings', ['beneficiary_id', 'kind', 'taken_on'])
    op.create_index(op.f('ix_health_readings_flagged'), 'health_readings', ['flagged'])
    op.create_table('health_facts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('disability', sa.String(length=64), nullable=False),
    sa.Column('disability_grade', sa.Integer(), nullable=True),
    sa.Column('doctor', sa.String(length=64), nullable=False),
    sa.Column('doctor_signed_on', sa.Date(), nullable=True),
    sa.Column('doctor_until', sa.Date(), nullable=True),
    sa.Column('allergies', sa.String(length=300), nullable=False),
    sa.Column('medicines', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    _person('health_facts'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_facts')),
    sa.UniqueConstraint('beneficiary_id', name=op.f('uq_health_facts_beneficiary_id'))
    )
    op.create_table('health_conditions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('since', sa.Date(), nullable=True),
    sa.Column('managed_by', sa.String(length=64), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    _person('health_conditions'), _recorder('health_conditions'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_conditions'))
    )
    op.create_index(op.f('ix_health_conditions_beneficiary_id'), 'health_conditions', ['beneficiary_id'])
    op.create_table('health_vaccinations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('vaccine', sa.String(length=64), nullable=False),
    sa.Column('dose', sa.String(length=16), nullable=False),
    sa.Column('given_on', sa.Date(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    _person('health_vaccinations'), _recorder('health_vaccinations'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_vaccinations'))
    )
    op.create_index(op.f('ix_health_vaccinations_beneficiary_id'), 'health_vaccinations', ['beneficiary_id'])
    op.create_table('health_illnesses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('found_on', sa.Date(), nullable=False),
    sa.Column('what', sa.Text(), nullable=False),
    sa.Column('family_told_on', sa.Date(), nullable=True),
    sa.Column('family_told_how', sa.String(length=64), nullable=False),
    sa.Column('treatment', sa.String(length=300), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    _person('health_illnesses'), _recorder('health_illnesses'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_health_illnesses'))
    )
    op.create_index(op.f('ix_health_illnesses_beneficiary_id'), 'health_illnesses', ['beneficiary_id'])


def downgrade():
    for table in ('health_illnesses', 'health_vaccinations', 'health_conditions', 'health_facts', 'health_readings'):
        op.drop_table(table)
