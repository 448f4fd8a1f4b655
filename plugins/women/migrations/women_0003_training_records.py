"""women: skills training per woman: courses, days, hours, certificates (000, 002)

Revision ID: women_0003
Revises: women_0002
Create Date: 2026-12-07 01:45:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'women_0003'
down_revision = 'women_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('women_training_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('course', sa.String(length=120), nullable=False),
    sa.Column('attended_on', sa.Date(), nullable=False),
    sa.Column('hours', sa.Double(), nullable=False),
    sa.Column('certificate', sa.String(length=120), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_women_training_records_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_women_training_records_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_women_training_records'))
    )
    op.create_index(op.f('ix_women_training_records_beneficiary_id'), 'women_training_records', ['beneficiary_id'],
                    unique=False)


def downgrade():
    op.drop_table('women_training_records')
