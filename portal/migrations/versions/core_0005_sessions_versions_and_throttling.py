"""revocable sessions, forced password changes, edit versions, and what a throttled attempt was

Revision ID: core_0005
Revises: core_0004
Create Date: 2026-12-01 22:30:00

``users.session_version`` is copied into each session at sign-in; raising it ends every session of the
user on every app server. ``users.must_change_password`` sends the user to the password page first.
``beneficiaries.version`` and ``volunteers.version`` count saves, so that a save from an older form is
refused. ``login_attempts.kind`` tells sign-ins from registrations (both are throttled by address).
"""
import sqlalchemy as sa
from alembic import op

revision = 'core_0005'
down_revision = 'core_0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("must_change_password", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    for table in ("beneficiaries", "volunteers"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("version", sa.Integer(), nullable=False, server_default="1"))
    with op.batch_alter_table("login_attempts") as batch:
        batch.add_column(sa.Column("kind", sa.String(length=8), nullable=False, server_default="login"))


def downgrade():
    with op.batch_alter_table("login_attempts") as batch:
        batch.drop_column("kind")
    for table in ("volunteers", "beneficiaries"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("version")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
        batch.drop_column("session_version")
