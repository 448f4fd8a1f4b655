"""reverification: cycles, checklists, reminders sent, spot checks; hours confirmed by staff

Revision ID: reverification_0001
Revises: core_0004
Create Date: 2026-12-01 23:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'reverification_0001'
down_revision = 'core_0004'
branch_labels = ('reverification',)
depends_on = None


def _ix(table, column):
    op.create_index(op.f(f'ix_{table}_{column}'), table, [column], unique=False)


def upgrade():
    op.create_table('reverify_cycles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('period', sa.String(length=7), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('opened_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['opened_by_id'], ['users.id'], name=op.f('fk_reverify_cycles_opened_by_id_users')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_reverify_cycles_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reverify_cycles')),
    sa.UniqueConstraint('kind', 'period', 'place_id', name='uq_reverify_cycles_area')
    )
    for column in ('kind', 'place_id', 'due_on'):
        _ix('reverify_cycles', column)
    op.create_table('reverify_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('outcome', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=32), nullable=True),
    sa.Column('checked_by_id', sa.Integer(), nullable=True),
    sa.Column('checked_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_reverify_items_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['checked_by_id'], ['users.id'], name=op.f('fk_reverify_items_checked_by_id_users')),
    sa.ForeignKeyConstraint(['cycle_id'], ['reverify_cycles.id'], name=op.f('fk_reverify_items_cycle_id_reverify_cycles'),
                            ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_reverify_items_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reverify_items')),
    sa.UniqueConstraint('cycle_id', 'beneficiary_id', name='uq_reverify_items_person')
    )
    for column in ('cycle_id', 'beneficiary_id', 'place_id', 'outcome'):
        _ix('reverify_items', column)
    op.create_table('reverify_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cycle_id'], ['reverify_cycles.id'],
                            name=op.f('fk_reverify_reminders_cycle_id_reverify_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_reverify_reminders_recipient_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reverify_reminders')),
    sa.UniqueConstraint('kind', 'cycle_id', 'recipient_id', name='uq_reverify_reminders_key')
    )
    for column in ('cycle_id', 'recipient_id'):
        _ix('reverify_reminders', column)
    op.create_table('reverify_spot_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cycle_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('result', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=300), nullable=False),
    sa.Column('inspector_id', sa.Integer(), nullable=True),
    sa.Column('checked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_reverify_spot_checks_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['cycle_id'], ['reverify_cycles.id'],
                            name=op.f('fk_reverify_spot_checks_cycle_id_reverify_cycles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['inspector_id'], ['users.id'], name=op.f('fk_reverify_spot_checks_inspector_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reverify_spot_checks')),
    sa.UniqueConstraint('cycle_id', 'beneficiary_id', name='uq_reverify_spot_checks_person')
    )
    for column in ('cycle_id', 'beneficiary_id'):
        _ix('reverify_spot_checks', column)
    # Hours count in reports only once staff or a coordinator confirmed them (honest hours).
    with op.batch_alter_table('hours') as batch:
        batch.add_column(sa.Column('confirmed_by_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('confirmed_at', sa.DateTime(), nullable=True))
        batch.create_foreign_key(op.f('fk_hours_confirmed_by_id_users'), 'users', ['confirmed_by_id'], ['id'])


def downgrade():
    with op.batch_alter_table('hours') as batch:
        batch.drop_constraint(op.f('fk_hours_confirmed_by_id_users'), type_='foreignkey')
        batch.drop_column('confirmed_at')
        batch.drop_column('confirmed_by_id')
    op.drop_table('reverify_spot_checks')
    op.drop_table('reverify_reminders')
    op.drop_table('reverify_items')
    op.drop_table('reverify_cycles')
