"""duties: what the lists show alike to everyone with the same view, kept once for every worker and server
(duty_kept); its generation row is written by the first list that keeps something

Revision ID: duties_0005
Revises: duties_0004
Create Date: 2026-12-07 09:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'duties_0005'
down_revision = 'duties_0004'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('duty_kept',
                    sa.Column('key', sa.String(length=80), nullable=False),
                    sa.Column('generation', sa.BigInteger(), nullable=False),
                    sa.Column('value', sa.Text(), nullable=False),
                    sa.Column('expires_at', sa.DateTime(), nullable=False),
                    sa.PrimaryKeyConstraint('key', name=op.f('pk_duty_kept')))
    op.create_index('ix_duty_kept_generation', 'duty_kept', ['generation'], unique=False)


def downgrade():
    op.drop_index('ix_duty_kept_generation', table_name='duty_kept')
    op.drop_table('duty_kept')
