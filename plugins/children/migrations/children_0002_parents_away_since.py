"""children: since when the parents have worked away (004: left behind from three months on)

Revision ID: children_0002
Revises: children_0001
Create Date: 2026-12-07 04:20:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'children_0002'
down_revision = 'children_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('children_profiles', sa.Column('parents_away_since', sa.Date(), nullable=True))


def downgrade():
    op.drop_column('children_profiles', 'parents_away_since')
