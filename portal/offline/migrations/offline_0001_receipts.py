"""offline: the receipts of items sent from phones (issue 31)

Revision ID: offline_0001
Revises: core_0007
Create Date: 2026-12-07 03:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'offline_0001'
down_revision = 'core_0007'
branch_labels = ('offline',)
depends_on = None


def upgrade():
    op.create_table('offline_receipts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=36), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('answer', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_offline_receipts_user_id_users'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offline_receipts')),
    sa.UniqueConstraint('user_id', 'key', name='uq_offline_receipts_user_key')
    )
    op.create_index(op.f('ix_offline_receipts_created_at'), 'offline_receipts', ['created_at'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_offline_receipts_created_at'), table_name='offline_receipts')
    op.drop_table('offline_receipts')
