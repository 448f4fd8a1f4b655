"""visits: the visit log, helpers, follow-ups, photos, reminders sent; a person's risk level

Revision ID: visits_0001
Revises: core_0004
Create Date: 2026-12-01 22:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'visits_0001'
down_revision = 'core_0004'
branch_labels = ('visits',)
depends_on = None


def upgrade():
    with op.batch_alter_table('beneficiaries') as batch:
        batch.add_column(sa.Column('risk_level', sa.String(length=8), server_default=sa.text("'general'"),
                                   nullable=False))
        batch.add_column(sa.Column('risk_since', sa.DateTime(), nullable=True))
    op.create_table('visits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('rule', sa.String(length=32), nullable=True),
    sa.Column('occasion', sa.String(length=32), nullable=True),
    sa.Column('visited_at', sa.DateTime(), nullable=False),
    sa.Column('mode', sa.String(length=16), nullable=False),
    sa.Column('other_visitors', sa.String(length=200), nullable=False),
    sa.Column('spoke_to', sa.String(length=64), nullable=False),
    sa.Column('relation', sa.String(length=32), nullable=False),
    sa.Column('findings', sa.JSON(), nullable=False),
    sa.Column('parents_contact_on', sa.Date(), nullable=True),
    sa.Column('close_attention', sa.Boolean(), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'], name=op.f('fk_visits_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_visits_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visits'))
    )
    op.create_index(op.f('ix_visits_beneficiary_id'), 'visits', ['beneficiary_id'], unique=False)
    op.create_index(op.f('ix_visits_rule'), 'visits', ['rule'], unique=False)
    op.create_index(op.f('ix_visits_occasion'), 'visits', ['occasion'], unique=False)
    op.create_index(op.f('ix_visits_visited_at'), 'visits', ['visited_at'], unique=False)
    op.create_index('ix_visits_person_rule_time', 'visits', ['beneficiary_id', 'rule', 'visited_at'], unique=False)
    op.create_table('visit_helpers',
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_helpers_visit_id_visits'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_visit_helpers_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('visit_id', 'volunteer_id', name=op.f('pk_visit_helpers'))
    )
    op.create_table('visit_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('what', sa.String(length=200), nullable=False),
    sa.Column('who', sa.String(length=64), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('done_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_visit_follow_ups_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['done_by_id'], ['users.id'], name=op.f('fk_visit_follow_ups_done_by_id_users')),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_follow_ups_visit_id_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_follow_ups'))
    )
    op.create_index(op.f('ix_visit_follow_ups_beneficiary_id'), 'visit_follow_ups', ['beneficiary_id'], unique=False)
    op.create_index(op.f('ix_visit_follow_ups_visit_id'), 'visit_follow_ups', ['visit_id'], unique=False)
    op.create_table('visit_photos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('visit_id', sa.Integer(), nullable=False),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visits.id'], name=op.f('fk_visit_photos_visit_id_visits'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_photos')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_visit_photos_stored_name'))
    )
    op.create_index(op.f('ix_visit_photos_visit_id'), 'visit_photos', ['visit_id'], unique=False)
    op.create_table('visit_reminders',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('subject', sa.String(length=64), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_visit_reminders_recipient_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit_reminders')),
    sa.UniqueConstraint('kind', 'subject', 'due_on', 'recipient_id', name='uq_visit_reminders_key')
    )
    op.create_index(op.f('ix_visit_reminders_recipient_id'), 'visit_reminders', ['recipient_id'], unique=False)


def downgrade():
    op.drop_table('visit_reminders')
    op.drop_table('visit_photos')
    op.drop_table('visit_follow_ups')
    op.drop_table('visit_helpers')
    op.drop_table('visits')
    with op.batch_alter_table('beneficiaries') as batch:
        batch.drop_column('risk_since')
        batch.drop_column('risk_level')
