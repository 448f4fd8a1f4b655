"""The migrations build exactly the schema the models describe, plugin tables included."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal.extensions import db


def test_migrations_match_the_models(app):
    conn = db.session.connection()  # the test's own (a transaction rolled back at its end)
    diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
    assert diff == []
    tables = set(inspect(conn).get_table_names())
    assert {"beneficiaries", "children_profiles", "women_profiles", "elderly_profiles", "hardship_profiles",
            "needy_profiles"} <= tables
