"""The migrations build exactly the schema the models describe, plugin tables included."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from portal.extensions import db


def test_migrations_match_the_models(app):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), db.metadata)
    assert diff == []
    tables = set(inspect(db.engine).get_table_names())
    assert {"beneficiaries", "children_profiles", "women_profiles", "elderly_profiles", "hardship_profiles",
            "needy_profiles"} <= tables
