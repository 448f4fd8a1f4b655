"""health: a reading corrected keeps the original (superseded) and the correction names it with a reason

Revision ID: health_0002
Revises: health_0001
Create Date: 2026-12-07 04:00:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'health_0002'
down_revision = 'health_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('health_readings') as batch_op:
        batch_op.add_column(sa.Column('superseded', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('corrects_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('correction_reason', sa.String(length=300), nullable=False, server_default=''))
        batch_op.create_foreign_key(op.f('fk_health_readings_corrects_id_health_readings'), 'health_readings',
                                    ['corrects_id'], ['id'])


def downgrade():
    with op.batch_alter_table('health_readings') as batch_op:
        batch_op.drop_constraint(op.f('fk_health_readings_corrects_id_health_readings'), type_='foreignkey')
        batch_op.drop_column('correction_reason')
        batch_op.drop_column('corrects_id')
        batch_op.drop_column('superseded')
