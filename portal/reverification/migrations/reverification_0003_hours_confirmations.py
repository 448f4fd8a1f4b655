"""reverification: hours confirmed in a table of its own (the activities' hours table is the activities')

Revision ID: reverification_0003
Revises: reverification_0002
Create Date: 2026-12-07 00:10:00

reverification_0001 added ``confirmed_by_id`` and ``confirmed_at`` to the activities' ``hours`` table, so a
portal with re-verification turned off (GUANAI_DISABLED_PLUGINS) had a model the table did not match. The
confirmations move to ``hours_confirmations``, existing ones copied, and the two columns are dropped.
"""
import sqlalchemy as sa
from alembic import op

revision = 'reverification_0003'
down_revision = 'reverification_0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hours_confirmations',
    sa.Column('hours_id', sa.Integer(), nullable=False),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_hours_confirmations_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['hours_id'], ['hours.id'], name=op.f('fk_hours_confirmations_hours_id_hours'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hours_id', name=op.f('pk_hours_confirmations'))
    )
    op.create_index(op.f('ix_hours_confirmations_confirmed_at'), 'hours_confirmations', ['confirmed_at'], unique=False)
    op.execute("INSERT INTO hours_confirmations (hours_id, confirmed_by_id, confirmed_at) "
               "SELECT id, confirmed_by_id, confirmed_at FROM hours WHERE confirmed_at IS NOT NULL")
    with op.batch_alter_table('hours') as batch:
        batch.drop_constraint(op.f('fk_hours_confirmed_by_id_users'), type_='foreignkey')
        batch.drop_column('confirmed_at')
        batch.drop_column('confirmed_by_id')


def downgrade():
    with op.batch_alter_table('hours') as batch:
        batch.add_column(sa.Column('confirmed_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch.create_foreign_key(op.f('fk_hours_confirmed_by_id_users'), 'users', ['confirmed_by_id'], ['id'])
    op.execute("UPDATE hours SET confirmed_by_id = (SELECT c.confirmed_by_id FROM hours_confirmations c "
               "WHERE c.hours_id = hours.id), confirmed_at = (SELECT c.confirmed_at FROM hours_confirmations c "
               "WHERE c.hours_id = hours.id)")
    op.drop_index(op.f('ix_hours_confirmations_confirmed_at'), table_name='hours_confirmations')
    op.drop_table('hours_confirmations')
