"""visits: a person's risk level in a table of its own (the beneficiaries table is the ledger's)

Revision ID: visits_0002
Revises: visits_0001
Create Date: 2026-12-07 06:30:00

visits_0001 added ``risk_level`` and ``risk_since`` to the ledger's ``beneficiaries`` table, so a portal with
visits turned off (GUANAI_DISABLED_PLUGINS) had a ledger model its table did not match (issue 26). The levels
move to ``visit_risk_levels``, one row for each person above the general level or with a change on record, and
the two columns are dropped.
"""
import sqlalchemy as sa
from alembic import op

revision = 'visits_0002'
down_revision = 'visits_0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('visit_risk_levels',
    sa.Column('beneficiary_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=8), nullable=False),
    sa.Column('since', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['beneficiary_id'], ['beneficiaries.id'],
                            name=op.f('fk_visit_risk_levels_beneficiary_id_beneficiaries'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('beneficiary_id', name=op.f('pk_visit_risk_levels'))
    )
    op.create_index('ix_visit_risk_levels_level', 'visit_risk_levels', ['level'], unique=False)
    op.execute("INSERT INTO visit_risk_levels (beneficiary_id, level, since) SELECT id, risk_level, risk_since "
               "FROM beneficiaries WHERE risk_level <> 'general' OR risk_since IS NOT NULL")
    with op.batch_alter_table('beneficiaries') as batch:
        batch.drop_column('risk_since')
        batch.drop_column('risk_level')


def downgrade():
    with op.batch_alter_table('beneficiaries') as batch:
        batch.add_column(sa.Column('risk_level', sa.String(length=8), server_default=sa.text("'general'"),
                                   nullable=False))
        batch.add_column(sa.Column('risk_since', sa.DateTime(), nullable=True))
    op.execute("UPDATE beneficiaries SET risk_level = COALESCE((SELECT r.level FROM visit_risk_levels r "
               "WHERE r.beneficiary_id = beneficiaries.id), 'general'), risk_since = (SELECT r.since "
               "FROM visit_risk_levels r WHERE r.beneficiary_id = beneficiaries.id)")
    op.drop_index('ix_visit_risk_levels_level', table_name='visit_risk_levels')
    op.drop_table('visit_risk_levels')
