"""study: a study plan per tutoring pairing and term, and its progress entries

Revision ID: study_0001
Revises: core_0007
Create Date: 2026-12-07 03:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'study_0001'
down_revision = 'core_0007'
branch_labels = ('study',)
depends_on = None


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'))


def upgrade():
    op.create_table('study_plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=False),
    sa.Column('subjects', sa.String(length=120), nullable=False),
    sa.Column('schedule', sa.String(length=200), nullable=False),
    sa.Column('content', sa.Text(), nullable=False),
    sa.Column('expected', sa.Text(), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('summary_on', sa.Date(), nullable=True),
    sa.Column('written_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    _fk('study_plans', 'pairing_id', 'pairings'), _fk('study_plans', 'beneficiary_id', 'beneficiaries'),
    _fk('study_plans', 'written_by_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study_plans'))
    )
    op.create_index('uq_study_plans_pairing_term', 'study_plans', ['pairing_id', 'term_start'], unique=True)
    op.create_index(op.f('ix_study_plans_beneficiary_id'), 'study_plans', ['beneficiary_id'])
    op.create_table('study_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('entry_on', sa.Date(), nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=False),
    sa.Column('mark', sa.Double(), nullable=True),
    sa.Column('out_of', sa.Double(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    _fk('study_progress', 'plan_id', 'study_plans'), _fk('study_progress', 'beneficiary_id', 'beneficiaries'),
    _fk('study_progress', 'recorded_by_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_study_progress'))
    )
    op.create_index(op.f('ix_study_progress_plan_id'), 'study_progress', ['plan_id'])
    op.create_index(op.f('ix_study_progress_beneficiary_id'), 'study_progress', ['beneficiary_id'])


def downgrade():
    op.drop_table('study_progress')
    op.drop_table('study_plans')
