"""Two copies of one item arriving at once (a retry racing the first send, issue 31: "a retry after a lost answer
never makes a second visit"): both pass the receipt check before either commits; the unique (user, key) lets one
commit, the other rolls back what it made and answers the winner's receipt."""
from __future__ import annotations

import threading
from dataclasses import replace

import pytest
from flask import current_app
from sqlalchemy import func, select

from portal.extensions import db
from portal.offline.models import OfflineReceipt
from portal.testing import PASSWORD
from portal.visits.models import Visit

from ..concurrency import run_together
from .conftest import new_key, visit_fields


@pytest.mark.commits
def test_two_copies_of_one_visit_at_once_make_one_visit(migrated, app, day, tmp_path):
    """...and the loser's photo is removed with its rolled-back visit: one file on disk, the winner's."""
    import io

    from PIL import Image

    from portal.visits.models import VisitPhoto
    key = new_key()
    fields = visit_fields(day["mine"])
    both_checked = threading.Barrier(2, timeout=30)
    answers = []

    def work(_):
        from portal.offline.kinds import offline_kinds
        current_app.config["WTF_CSRF_ENABLED"] = False
        current_app.config["GUANAI_UPLOAD_DIR"] = str(tmp_path)
        kinds = dict(offline_kinds())
        real = kinds["visit"].create

        def create(actor, data, photos):
            both_checked.wait()          # each copy has found no receipt: neither has committed
            return real(actor, data, photos)
        kinds["visit"] = replace(kinds["visit"], create=create)
        current_app.extensions["guanai_offline_kinds"] = kinds
        client = current_app.test_client()
        assert client.post("/login", data={"username": "vol", "password": PASSWORD}).status_code == 302
        photo = io.BytesIO()
        Image.new("RGB", (40, 30), "orange").save(photo, "JPEG")
        photo.seek(0)
        response = client.post("/offline/items/visit", data={**fields, "photos": [(photo, "p.jpg")]},
                               headers={"Idempotency-Key": key}, content_type="multipart/form-data")
        answers.append((response.status_code, response.get_json()))

    assert run_together(migrated, work, range(2)) == []
    assert sorted(status for status, _body in answers) == [200, 201]
    first, second = sorted(answers, key=lambda a: a[0], reverse=True)
    assert second[1] == {**first[1], "replayed": True}
    db.session.expire_all()
    assert db.session.execute(select(func.count()).select_from(Visit)).scalar_one() == 1
    assert db.session.execute(select(func.count()).select_from(OfflineReceipt)).scalar_one() == 1
    stored = db.session.execute(select(VisitPhoto.stored_name)).scalars().all()
    assert len(stored) == 1 and sorted(p.name for p in (tmp_path / "visit-photos").iterdir()) == stored


def test_the_daily_sweep_deletes_receipts_past_their_days_and_keeps_the_rest(app, county, day):
    from datetime import timedelta

    from portal.core.time import utcnow
    from portal.offline.receiving import prune_receipts
    app.config["GUANAI_OFFLINE_RECEIPT_DAYS"] = 30
    for key, age in [("old", 31), ("recent", 29)]:
        db.session.add(OfflineReceipt(user_id=county["users"]["vol"].id, key=new_key(), kind="visit", status="done",
                                      answer={"k": key}, created_at=utcnow() - timedelta(days=age)))
    db.session.commit()
    assert prune_receipts() == 1
    assert [r.answer["k"] for r in db.session.execute(select(OfflineReceipt)).scalars()] == ["recent"]
