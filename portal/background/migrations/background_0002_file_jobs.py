"""background: files made on the queue for one user (a township's card PDF, a county's export), kept until they expire

Revision ID: background_0002
Revises: background_0001
Create Date: 2026-12-07 03:50:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'background_0002'
down_revision = 'background_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('file_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('task', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('mimetype', sa.String(length=120), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('progress', sa.Integer(), nullable=False),
    sa.Column('error', sa.Text(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_file_jobs_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_file_jobs'))
    )
    with op.batch_alter_table('file_jobs', schema=None) as batch_op:
        batch_op.create_index('ix_file_jobs_user', ['user_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_file_jobs_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_file_jobs_expires_at'), ['expires_at'], unique=False)


def downgrade():
    with op.batch_alter_table('file_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_file_jobs_expires_at'))
        batch_op.drop_index(batch_op.f('ix_file_jobs_status'))
        batch_op.drop_index('ix_file_jobs_user')
    op.drop_table('file_jobs')
