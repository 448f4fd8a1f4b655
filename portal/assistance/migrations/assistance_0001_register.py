"""assistance: the social-assistance register (programmes per person: state, dates, amount, next review)

Revision ID: assistance_0001
Revises: core_0007
Create Date: 2026-12-07 01:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'assistance_0001'
down_revision = 'core_0007'
branch_labels = ('assistance',)
depends_on = None


def upgrade():
    op.create_table('assistance_cases',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('programme', sa.String(length=32), nullable=False),
    sa.Column('state', sa.String(length=16), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('approved_on', sa.Date(), nullable=True),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('amount', sa.Numeric(precision=10, scale=2), nullable=True),
    sa.Column('next_review', sa.Date(), nullable=True),
    sa.Column('handled_by', sa.String(length=64), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_assistance_cases_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_assistance_cases_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assistance_cases'))
    )
    op.create_index(op.f('ix_assistance_cases_programme'), 'assistance_cases', ['programme'])
    op.create_index(op.f('ix_assistance_cases_next_review'), 'assistance_cases', ['next_review'])
    op.create_index('ix_assistance_cases_person_programme', 'assistance_cases', ['beneficiary_id', 'programme', 'state'])


def downgrade():
    op.drop_table('assistance_cases')
