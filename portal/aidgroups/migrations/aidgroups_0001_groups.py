"""aidgroups: mutual-aid groups, members, forming runs, leaders' reports and meetings

Revision ID: aidgroups_0001
Revises: core_0004
Create Date: 2026-12-07 00:30:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'aidgroups_0001'
down_revision = 'core_0004'
branch_labels = ('aidgroups',)
depends_on = None


def _ix(table, column):
    op.create_index(op.f(f'ix_{table}_{column}'), table, [column], unique=False)


def upgrade():
    op.create_table('aid_group_runs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=32), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('proposal', sa.JSON(), nullable=False),
    sa.Column('stats', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('committed_by_id', sa.Integer(), nullable=True),
    sa.Column('committed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['committed_by_id'], ['users.id'], name=op.f('fk_aid_group_runs_committed_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_aid_group_runs_created_by_id_users')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_aid_group_runs_place_id_places')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_group_runs'))
    )
    for column in ('group', 'place_id', 'status'):
        _ix('aid_group_runs', column)
    op.create_table('aid_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group', sa.String(length=32), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('leader_id', sa.Integer(), nullable=False),
    sa.Column('rhythm', sa.String(length=16), nullable=False),
    sa.Column('locked', sa.Boolean(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('dissolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['leader_id'], ['volunteers.id'], name=op.f('fk_aid_groups_leader_id_volunteers')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_aid_groups_place_id_places')),
    sa.ForeignKeyConstraint(['run_id'], ['aid_group_runs.id'], name=op.f('fk_aid_groups_run_id_aid_group_runs')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_groups'))
    )
    for column in ('group', 'place_id', 'leader_id', 'status'):
        _ix('aid_groups', column)
    op.create_table('aid_group_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aid_group_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('distance_km', sa.Double(), nullable=True),
    sa.Column('since', sa.Date(), nullable=False),
    sa.Column('left_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['aid_group_id'], ['aid_groups.id'], name=op.f('fk_aid_group_members_aid_group_id_aid_groups')),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_aid_group_members_beneficiary_id_beneficiaries')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_group_members'))
    )
    _ix('aid_group_members', 'aid_group_id')
    op.create_index('ix_aid_group_members_person_left', 'aid_group_members', ['beneficiary_id', 'left_on'], unique=False)
    op.create_table('aid_group_reports',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aid_group_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('reported_by_id', sa.Integer(), nullable=True),
    sa.Column('reported_at', sa.DateTime(), nullable=False),
    sa.Column('told', sa.Integer(), nullable=False),
    sa.Column('incident_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['aid_group_id'], ['aid_groups.id'], name=op.f('fk_aid_group_reports_aid_group_id_aid_groups')),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_aid_group_reports_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['reported_by_id'], ['users.id'], name=op.f('fk_aid_group_reports_reported_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_group_reports'))
    )
    for column in ('aid_group_id', 'beneficiary_id'):
        _ix('aid_group_reports', column)
    op.create_table('aid_group_meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('aid_group_id', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=False),
    sa.Column('topics', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['aid_group_id'], ['aid_groups.id'], name=op.f('fk_aid_group_meetings_aid_group_id_aid_groups')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_aid_group_meetings_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_group_meetings'))
    )
    _ix('aid_group_meetings', 'aid_group_id')
    op.create_table('aid_group_meeting_people',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_aid_group_meeting_people_beneficiary_id_beneficiaries')),
    sa.ForeignKeyConstraint(['meeting_id'], ['aid_group_meetings.id'],
                            name=op.f('fk_aid_group_meeting_people_meeting_id_aid_group_meetings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_aid_group_meeting_people')),
    sa.UniqueConstraint('meeting_id', 'beneficiary_id', name='uq_aid_group_meeting_people_person')
    )
    _ix('aid_group_meeting_people', 'meeting_id')


def downgrade():
    for table in ('aid_group_meeting_people', 'aid_group_meetings', 'aid_group_reports', 'aid_group_members',
                  'aid_groups', 'aid_group_runs'):
        op.drop_table(table)
