"""duties: owners, family contacts, knock rounds, person traits and the kept due table

Revision ID: duties_0001
Revises: core_0007
Create Date: 2026-12-07 00:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'duties_0001'
down_revision = 'core_0007'
branch_labels = ('duties',)
depends_on = None


def _fk(table, column, target, **kw):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'], name=op.f(f'fk_{table}_{column}_{target}'), **kw)


def upgrade():
    op.create_table('duty_owners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=24), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('unit', sa.String(length=160), nullable=True),
    sa.Column('beneficiary_id', sa.Integer(), nullable=True),
    sa.Column('duty', sa.String(length=64), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('assigned_by_id', sa.Integer(), nullable=True),
    sa.Column('assigned_at', sa.DateTime(), nullable=False),
    _fk('duty_owners', 'place_id', 'places'),
    _fk('duty_owners', 'beneficiary_id', 'beneficiaries', ondelete='CASCADE'),
    _fk('duty_owners', 'user_id', 'users'),
    _fk('duty_owners', 'assigned_by_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_owners'))
    )
    op.create_index('ix_duty_owners_role_place', 'duty_owners', ['role', 'place_id'], unique=False)
    for column in ('unit', 'beneficiary_id', 'user_id'):
        op.create_index(op.f(f'ix_duty_owners_{column}'), 'duty_owners', [column], unique=False)

    op.create_table('family_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('contacted_on', sa.Date(), nullable=False),
    sa.Column('who', sa.String(length=64), nullable=False),
    sa.Column('how', sa.String(length=16), nullable=False),
    sa.Column('said', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    _fk('family_contacts', 'beneficiary_id', 'beneficiaries', ondelete='CASCADE'),
    _fk('family_contacts', 'recorded_by_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_family_contacts'))
    )
    op.create_index('ix_family_contacts_person_day', 'family_contacts', ['beneficiary_id', 'contacted_on'],
                    unique=False)

    op.create_table('knock_rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('doors', sa.Integer(), nullable=False),
    sa.Column('found', sa.Text(), nullable=False),
    sa.Column('by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    _fk('knock_rounds', 'place_id', 'places'),
    _fk('knock_rounds', 'by_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_knock_rounds')),
    sa.UniqueConstraint('place_id', 'day', name='uq_knock_rounds_place_day')
    )
    op.create_index(op.f('ix_knock_rounds_place_id'), 'knock_rounds', ['place_id'], unique=False)

    op.create_table('person_traits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('trait', sa.String(length=32), nullable=False),
    _fk('person_traits', 'beneficiary_id', 'beneficiaries', ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_person_traits')),
    sa.UniqueConstraint('beneficiary_id', 'trait', name='uq_person_traits')
    )
    op.create_index('ix_person_traits_trait', 'person_traits', ['trait', 'beneficiary_id'], unique=False)

    op.create_table('duty_due',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=32), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('village_id', sa.Integer(), nullable=True),
    sa.Column('household_id', sa.Integer(), nullable=True),
    sa.Column('duty', sa.String(length=64), nullable=False),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('owner_role', sa.String(length=24), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('last_done', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    _fk('duty_due', 'beneficiary_id', 'beneficiaries', ondelete='CASCADE'),
    _fk('duty_due', 'place_id', 'places'),
    _fk('duty_due', 'village_id', 'places'),
    _fk('duty_due', 'household_id', 'households'),
    _fk('duty_due', 'owner_id', 'users'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_duty_due')),
    sa.UniqueConstraint('beneficiary_id', 'duty', name='uq_duty_due_person_duty')
    )
    op.create_index('ix_duty_due_owner_due', 'duty_due', ['owner_id', 'due_on'], unique=False)
    op.create_index('ix_duty_due_due_place', 'duty_due', ['due_on', 'village_id'], unique=False)
    op.create_index('ix_duty_due_village_due', 'duty_due', ['village_id', 'due_on'], unique=False)


def downgrade():
    for table in ('duty_due', 'person_traits', 'knock_rounds', 'family_contacts', 'duty_owners'):
        op.drop_table(table)
