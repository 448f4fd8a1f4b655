"""guardianship: responsibility letters, guardians' trainings, assessments and intervention follow-ups

Revision ID: guardianship_0001
Revises: core_0007
Create Date: 2026-12-07 03:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'guardianship_0001'
down_revision = 'core_0007'
branch_labels = ('guardianship',)
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'))


def upgrade():
    op.create_table('guardianship_letters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('guardian_name', sa.String(length=64), nullable=False),
    sa.Column('guardian_relation', sa.String(length=24), nullable=False),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('other_party', sa.String(length=120), nullable=False),
    sa.Column('photo_name', sa.String(length=64), nullable=True),
    sa.Column('photo_type', sa.String(length=32), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    _fk('guardianship_letters', 'beneficiary_id', 'beneficiaries'), _fk('guardianship_letters', 'recorded_by_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guardianship_letters'))
    )
    op.create_index('ix_guardianship_letters_person_guardian', 'guardianship_letters',
                    ['beneficiary_id', 'guardian_name'])
    op.create_table('guardianship_trainings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('guardian_name', sa.String(length=64), nullable=False),
    sa.Column('attended_on', sa.Date(), nullable=False),
    sa.Column('course', sa.String(length=120), nullable=False),
    sa.Column('held_by', sa.String(length=120), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    _fk('guardianship_trainings', 'beneficiary_id', 'beneficiaries'),
    _fk('guardianship_trainings', 'recorded_by_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guardianship_trainings'))
    )
    op.create_index('ix_guardianship_trainings_person_day', 'guardianship_trainings', ['beneficiary_id', 'attended_on'])
    op.create_table('guardianship_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('guardian_name', sa.String(length=64), nullable=False),
    sa.Column('assessed_on', sa.Date(), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('findings', sa.Text(), nullable=False),
    sa.Column('assessed_by', sa.String(length=64), nullable=False),
    sa.Column('intervention', sa.String(length=24), nullable=False),
    sa.Column('intervention_note', sa.Text(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    _fk('guardianship_assessments', 'beneficiary_id', 'beneficiaries'),
    _fk('guardianship_assessments', 'recorded_by_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guardianship_assessments'))
    )
    op.create_index(op.f('ix_guardianship_assessments_beneficiary_id'), 'guardianship_assessments', ['beneficiary_id'])
    op.create_table('guardianship_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('assessment_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('done_on', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('closes', sa.Boolean(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    _fk('guardianship_follow_ups', 'assessment_id', 'guardianship_assessments'),
    _fk('guardianship_follow_ups', 'beneficiary_id', 'beneficiaries'),
    _fk('guardianship_follow_ups', 'recorded_by_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guardianship_follow_ups'))
    )
    op.create_index(op.f('ix_guardianship_follow_ups_assessment_id'), 'guardianship_follow_ups', ['assessment_id'])
    op.create_index(op.f('ix_guardianship_follow_ups_beneficiary_id'), 'guardianship_follow_ups', ['beneficiary_id'])


def downgrade():
    for table in ('guardianship_follow_ups', 'guardianship_assessments', 'guardianship_trainings',
                  'guardianship_letters'):
        op.drop_table(table)
