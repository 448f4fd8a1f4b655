"""outreach: messages to families and their deliveries (one per person and relation)

Revision ID: outreach_0001
Revises: core_0004
Create Date: 2026-12-07 01:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'outreach_0001'
down_revision = 'core_0004'
branch_labels = ('outreach',)
depends_on = None


def upgrade():
    op.create_table('outreach_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=32), nullable=False),
    sa.Column('relation', sa.String(length=32), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('audience', sa.JSON(), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_outreach_messages_created_by_id_users')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_outreach_messages_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_messages'))
    )
    op.create_index(op.f('ix_outreach_messages_group'), 'outreach_messages', ['group'], unique=False)
    op.create_index(op.f('ix_outreach_messages_place_id'), 'outreach_messages', ['place_id'], unique=False)
    op.create_table('outreach_deliveries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('problem', sa.String(length=32), nullable=False),
    sa.Column('counts_as_contact', sa.Boolean(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('provider_ref', sa.String(length=64), nullable=False),
    sa.Column('error', sa.String(length=200), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_outreach_deliveries_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['message_id'], ['outreach_messages.id'],
                            name=op.f('fk_outreach_deliveries_message_id_outreach_messages')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outreach_deliveries')),
    sa.UniqueConstraint('message_id', 'beneficiary_id', 'relation', name='uq_outreach_deliveries_once')
    )
    for column in ('message_id', 'beneficiary_id', 'status'):
        op.create_index(op.f(f'ix_outreach_deliveries_{column}'), 'outreach_deliveries', [column], unique=False)


def downgrade():
    op.drop_table('outreach_deliveries')
    op.drop_table('outreach_messages')
