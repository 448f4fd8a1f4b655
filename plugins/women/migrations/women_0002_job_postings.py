"""women: job postings and who was told, interested, placed (002)

Revision ID: women_0002
Revises: women_0001
Create Date: 2026-12-07 01:35:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'women_0002'
down_revision = 'women_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('women_job_postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('employer', sa.String(length=120), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('workplace', sa.String(length=200), nullable=False),
    sa.Column('pay', sa.String(length=64), nullable=False),
    sa.Column('contact', sa.String(length=120), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('details', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_women_job_postings_created_by_id_users')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_women_job_postings_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_women_job_postings'))
    )
    op.create_index(op.f('ix_women_job_postings_place_id'), 'women_job_postings', ['place_id'], unique=False)
    op.create_table('women_job_outcomes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('step', sa.String(length=12), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_women_job_outcomes_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['posting_id'], ['women_job_postings.id'],
                            name=op.f('fk_women_job_outcomes_posting_id_women_job_postings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_women_job_outcomes')),
    sa.UniqueConstraint('posting_id', 'beneficiary_id', name='uq_women_job_outcomes_person')
    )
    op.create_index(op.f('ix_women_job_outcomes_posting_id'), 'women_job_outcomes', ['posting_id'], unique=False)
    op.create_index(op.f('ix_women_job_outcomes_beneficiary_id'), 'women_job_outcomes', ['beneficiary_id'], unique=False)


def downgrade():
    op.drop_table('women_job_outcomes')
    op.drop_table('women_job_postings')
