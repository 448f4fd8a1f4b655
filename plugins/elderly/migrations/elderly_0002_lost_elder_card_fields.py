"""elderly: the fields of the lost-elder card (wanders, blood type, conditions, allergies, people to call)

Revision ID: elderly_0002
Revises: elderly_0001
Create Date: 2026-12-01 22:55:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'elderly_0002'
down_revision = 'elderly_0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('elderly_profiles', schema=None) as batch_op:
        batch_op.add_column(sa.Column('wanders', sa.Boolean(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('blood_type', sa.String(length=8), server_default='', nullable=False))
        batch_op.add_column(sa.Column('conditions', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('allergies', sa.String(length=200), server_default='', nullable=False))
        batch_op.add_column(sa.Column('people_to_call', sa.String(length=300), server_default='', nullable=False))


def downgrade():
    with op.batch_alter_table('elderly_profiles', schema=None) as batch_op:
        batch_op.drop_column('people_to_call')
        batch_op.drop_column('allergies')
        batch_op.drop_column('conditions')
        batch_op.drop_column('blood_type')
        batch_op.drop_column('wanders')
