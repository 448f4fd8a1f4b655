"""cards: contacts per place and policy cards per group

Revision ID: cards_0001
Revises: core_0004
Create Date: 2026-12-01 22:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'cards_0001'
down_revision = 'core_0004'
branch_labels = ('cards',)
depends_on = None


def upgrade():
    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=32), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('phone', sa.String(length=32), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_contacts_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('place_id', 'role', name=op.f('uq_contacts_place_id'))
    )
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contacts_place_id'), ['place_id'], unique=False)

    op.create_table('policy_cards',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=32), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=100), nullable=False),
    sa.Column('policies', sa.Text(), nullable=False),
    sa.Column('contacts', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_policy_cards_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_policy_cards')),
    sa.UniqueConstraint('group', 'place_id', name=op.f('uq_policy_cards_group'))
    )
    with op.batch_alter_table('policy_cards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_policy_cards_group'), ['group'], unique=False)
        batch_op.create_index(batch_op.f('ix_policy_cards_place_id'), ['place_id'], unique=False)


def downgrade():
    with op.batch_alter_table('policy_cards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_policy_cards_place_id'))
        batch_op.drop_index(batch_op.f('ix_policy_cards_group'))
    op.drop_table('policy_cards')
    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_contacts_place_id'))
    op.drop_table('contacts')
