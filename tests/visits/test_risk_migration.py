"""visits_0002 moves the risk levels out of the ledger's table (issue 26): levels kept, the ledger's columns gone."""
from datetime import datetime

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal.extensions import db

from ..conftest import make_app


def test_upgrading_moves_each_level_and_downgrading_puts_it_back(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'portal.sqlite'}")
    with app.app_context():
        upgrade(revision="visits_0001")
        with db.engine.begin() as conn:
            conn.execute(text("INSERT INTO places (id, code, name, level, path) VALUES (1, 'V', '东村', 'village', '/1/')"))
            for pid, level, since in [(1, "high", datetime(2026, 12, 1, 2)), (2, "general", None), (3, "key", None)]:
                conn.execute(text(
                    "INSERT INTO beneficiaries (id, \"group\", name, gender, birth_date, place_id, address, "
                    "living_situation, needs, notes, status, risk_level, risk_since, created_at, updated_at) "
                    "VALUES (:id, 'children', :name, 'F', '2016-01-01', 1, '', '', '[]', '', 'active', :level, :since, "
                    "'2026-01-01', '2026-01-01')"), {"id": pid, "name": f"童{pid}", "level": level, "since": since})
        upgrade(revision="heads")
        with db.engine.connect() as conn:
            rows = conn.execute(text("SELECT beneficiary_id, level, since FROM visit_risk_levels ORDER BY 1")).all()
            columns = {c["name"] for c in inspect(conn).get_columns("beneficiaries")}
        assert [(r[0], r[1]) for r in rows] == [(1, "high"), (3, "key")]  # the general level needs no row
        assert str(rows[0][2]).startswith("2026-12-01 02:00")
        assert not {"risk_level", "risk_since"} & columns
        downgrade(revision="visits_0001")
        with db.engine.connect() as conn:
            back = conn.execute(text("SELECT id, risk_level FROM beneficiaries ORDER BY id")).all()
        assert [tuple(r) for r in back] == [(1, "high"), (2, "general"), (3, "key")]
        db.engine.dispose()
