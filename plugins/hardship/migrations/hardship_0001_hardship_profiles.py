"""hardship profiles: why the person counts, how they are supported, the watch against falling back (002)

Revision ID: hardship_0001
Revises: core_0001
Create Date: 2026-12-07 00:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'hardship_0001'
down_revision = 'core_0001'
branch_labels = ('hardship',)
depends_on = None


def upgrade():
    op.create_table('hardship_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('living', sa.String(length=16), nullable=False),
    sa.Column('widowed', sa.Boolean(), nullable=False),
    sa.Column('orphaned', sa.Boolean(), nullable=False),
    sa.Column('childless', sa.Boolean(), nullable=False),
    sa.Column('dibao', sa.Boolean(), nullable=False),
    sa.Column('wubao', sa.Boolean(), nullable=False),
    sa.Column('disabled', sa.Boolean(), nullable=False),
    sa.Column('watch', sa.String(length=16), nullable=False),
    sa.Column('watch_reason', sa.String(length=16), nullable=False),
    sa.Column('watched_since', sa.Date(), nullable=True),
    sa.Column('income_note', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'], ondelete='CASCADE',
                            name=op.f('fk_hardship_profiles_beneficiary_id_beneficiaries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hardship_profiles')),
    sa.UniqueConstraint('beneficiary_id', name=op.f('uq_hardship_profiles_beneficiary_id'))
    )


def downgrade():
    op.drop_table('hardship_profiles')
