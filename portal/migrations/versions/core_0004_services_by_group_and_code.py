"""a service is identified by its group and code in every table

Revision ID: core_0004
Revises: core_0003
Create Date: 2026-12-01 23:10:00

Two groups may offer a service with the same code. Stored service codes become keys ``group.code``: the
group comes from the row's own group (activities, people), the person paired (pairings), the people of the
run (match runs), and for volunteers' offers from where the code is used; the columns widen to hold it.
"""
import json

import sqlalchemy as sa
from alembic import op

revision = 'core_0004'
down_revision = 'core_0003'
branch_labels = None
depends_on = None

TABLES = ("activities", "pairings", "match_runs", "volunteer_services")


def _widen(length: int) -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.alter_column("service", existing_type=sa.String(32 if length == 64 else 64),
                               type_=sa.String(length), existing_nullable=False)


def _groups_of_codes(conn) -> dict[str, str]:
    """Code -> group, from the rows that know their group (the first group found wins a clash)."""
    found: dict[str, str] = {}
    for group, code in conn.execute(sa.text('SELECT DISTINCT "group", service FROM activities')):
        found.setdefault(code, group)
    for group, code in conn.execute(sa.text(
            'SELECT DISTINCT b."group", p.service FROM pairings p JOIN beneficiaries b ON b.id = p.beneficiary_id')):
        found.setdefault(code, group)
    for group, services in conn.execute(sa.text('SELECT "group", services FROM beneficiaries')):
        for code in _json(services):
            found.setdefault(code, group)
    return found


def _json(value):
    return json.loads(value) if isinstance(value, str) else (value or [])


def upgrade():
    _widen(64)
    conn = op.get_bind()
    groups = _groups_of_codes(conn)
    conn.execute(sa.text('UPDATE activities SET service = "group" || \'.\' || service WHERE service NOT LIKE \'%.%\''))
    conn.execute(sa.text(
        'UPDATE pairings SET service = (SELECT b."group" FROM beneficiaries b WHERE b.id = pairings.beneficiary_id)'
        ' || \'.\' || service WHERE service NOT LIKE \'%.%\''))
    for row_id, group, services in conn.execute(sa.text('SELECT id, "group", services FROM beneficiaries')).all():
        keys = [code if "." in code else f"{group}.{code}" for code in _json(services)]
        conn.execute(sa.text("UPDATE beneficiaries SET services = :s WHERE id = :i"),
                     {"s": json.dumps(keys), "i": row_id})
    for table in ("match_runs", "volunteer_services"):
        for row_id, code in conn.execute(sa.text(f"SELECT id, service FROM {table}")).all():
            if "." not in code and code in groups:
                conn.execute(sa.text(f"UPDATE {table} SET service = :s WHERE id = :i"),
                             {"s": f"{groups[code]}.{code}", "i": row_id})


def downgrade():
    conn = op.get_bind()
    for table in TABLES:
        for row_id, key in conn.execute(sa.text(f"SELECT id, service FROM {table}")).all():
            conn.execute(sa.text(f"UPDATE {table} SET service = :s WHERE id = :i"),
                         {"s": key.split(".", 1)[-1], "i": row_id})
    for row_id, services in conn.execute(sa.text("SELECT id, services FROM beneficiaries")).all():
        codes = [key.split(".", 1)[-1] for key in _json(services)]
        conn.execute(sa.text("UPDATE beneficiaries SET services = :s WHERE id = :i"),
                     {"s": json.dumps(codes), "i": row_id})
    _widen(32)
