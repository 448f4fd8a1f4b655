"""report nominations

Revision ID: reports_0001
Revises: core_0004
Create Date: 2026-12-01 22:50:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'reports_0001'
down_revision = 'core_0004'
branch_labels = ('reports',)
depends_on = None


def upgrade():
    op.create_table('report_nominations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('volunteer_id', sa.Integer(), nullable=False),
    sa.Column('nominated_by_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['nominated_by_id'], ['users.id'], name=op.f('fk_report_nominations_nominated_by_id_users')),
    sa.ForeignKeyConstraint(['place_id'], ['places.id'], name=op.f('fk_report_nominations_place_id_places')),
    sa.ForeignKeyConstraint(['volunteer_id'], ['volunteers.id'], name=op.f('fk_report_nominations_volunteer_id_volunteers')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_nominations')),
    sa.UniqueConstraint('year', 'place_id', 'volunteer_id', name=op.f('uq_report_nominations_year'))
    )
    op.create_index(op.f('ix_report_nominations_place_id'), 'report_nominations', ['place_id'], unique=False)
    op.create_index(op.f('ix_report_nominations_volunteer_id'), 'report_nominations', ['volunteer_id'], unique=False)
    op.create_index(op.f('ix_report_nominations_year'), 'report_nominations', ['year'], unique=False)


def downgrade():
    op.drop_table('report_nominations')
