"""duties: the paired helpers' duties counted per village and duty, not per helper (owned says whether there is an
owner); the counts also summed by village and, per township, by duty and by owner (way); the due table indexed by duty, due day and person (the overdue list filtered by one duty seeks it)

Revision ID: duties_0004
Revises: duties_0003
Create Date: 2026-12-07 06:40:00

"""
import sqlalchemy as sa
from alembic import op

revision = 'duties_0004'
down_revision = 'duties_0003'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('duty_counts') as batch:
        batch.add_column(sa.Column('owned', sa.Boolean(), nullable=False, server_default=sa.true()))
        batch.add_column(sa.Column('way', sa.String(length=8), nullable=False, server_default=''))
    # the counts written before are recounted by the next refresh (daily, or `guanai duties refresh`); until then
    # the rows say what they said, every one of them with its owner or none, and there are no sums (way): the
    # views read the counts themselves
    op.execute("UPDATE duty_counts SET owned = (owner_id IS NOT NULL)")
    # the sums (way), from the counts as they are
    op.execute("""INSERT INTO duty_counts (village_id, "group", duty, owner_role, owner_id, owned, due_by, n, as_of, way)
                  SELECT village_id, "group", '', '', NULL, TRUE, due_by, SUM(n), MIN(as_of), 'village' FROM duty_counts
                  WHERE way = '' GROUP BY village_id, "group", due_by""")
    township = "CASE WHEN p.level IN ('township', 'county') THEN p.id ELSE p.parent_id END"
    op.execute(f"""INSERT INTO duty_counts (village_id, "group", duty, owner_role, owner_id, owned, due_by, n, as_of, way)
                   SELECT {township}, c."group", c.duty, '', NULL, TRUE, c.due_by, SUM(c.n), MIN(c.as_of), 'duty'
                   FROM duty_counts c LEFT JOIN places p ON p.id = c.village_id WHERE c.way = ''
                   GROUP BY {township}, c."group", c.duty, c.due_by""")
    op.execute(f"""INSERT INTO duty_counts (village_id, "group", duty, owner_role, owner_id, owned, due_by, n, as_of, way)
                   SELECT {township}, c."group", '', c.owner_role, c.owner_id, c.owned, c.due_by, SUM(c.n), MIN(c.as_of),
                          'owner'
                   FROM duty_counts c LEFT JOIN places p ON p.id = c.village_id WHERE c.way = ''
                   GROUP BY {township}, c."group", c.owner_role, c.owner_id, c.owned, c.due_by""")
    op.create_index('ix_duty_counts_way_due_by', 'duty_counts', ['way', 'due_by'], unique=False)
    op.create_index('ix_duty_due_duty_due', 'duty_due', ['duty', 'due_on', 'beneficiary_id'], unique=False)


def downgrade():
    op.drop_index('ix_duty_due_duty_due', table_name='duty_due')
    op.execute("DELETE FROM duty_counts WHERE way <> ''")
    op.drop_index('ix_duty_counts_way_due_by', table_name='duty_counts')
    with op.batch_alter_table('duty_counts') as batch:
        batch.drop_column('way')
        batch.drop_column('owned')
