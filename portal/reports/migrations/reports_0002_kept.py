"""report pages kept for every worker and server (issue 32)

Revision ID: reports_0002
Revises: reports_0001
Create Date: 2026-12-07 03:30:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'reports_0002'
down_revision = 'reports_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('kept_reports',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_kept_reports'))
    )


def downgrade():
    op.drop_table('kept_reports')
