"""The overdue visits list's kept table (portal/visits/kept.py) made whole again by a worker after a commit that
wrote people around the ORM (an import's COPY, a statement): until then the list computes from the visits, slow
on a county; the queue's task refreshes it at once instead of at the next daily run. Through the real queue."""
import pytest
from sqlalchemy import func, select, update

from portal.extensions import db
from portal.ledger.models import Beneficiary
from portal.testing import add_person
from portal.visits import kept
from portal.visits.models import VisitDue, VisitDueState

from .queueing import Consumers, use_real_queue, wait_for

pytestmark = pytest.mark.commits


def test_a_commit_that_leaves_the_kept_table_not_whole_has_a_worker_refresh_it(app, county, tmp_path):
    use_real_queue(app, tmp_path)
    stays = add_person("children", county["v_east"], name="留下", category="left_behind")
    leaves = add_person("children", county["v_east"], name="离开", category="left_behind")
    kept.refresh()
    db.session.commit()
    assert db.session.get(VisitDueState, 1) is not None
    db.session.execute(update(Beneficiary).where(Beneficiary.id == leaves.id).values(status="left"))
    db.session.commit()
    assert db.session.get(VisitDueState, 1) is None                      # not whole: not read
    assert app.extensions["guanai_queue"].pending() == 1                  # the refresh waits for a worker
    consumers = Consumers()
    try:
        consumers.start(app)
        assert wait_for(lambda: db.session.get(VisitDueState, 1) is not None)
    finally:
        consumers.stop_all()
    people = set(db.session.execute(select(VisitDue.beneficiary_id).distinct()).scalars())
    assert stays.id in people and leaves.id not in people
    assert db.session.execute(select(func.count()).select_from(VisitDue)).scalar_one() > 0
