"""Match runs through the real queue: solved by a worker, recovered when the worker is killed, cancel, retry."""
import os
import signal
import threading

import pytest
from sqlalchemy import select

import portal.assignment.runs as runs
from portal.assignment.models import MatchRun
from portal.assignment.runs import create_run, queue_run, reap_stale_runs
from portal.extensions import db

from ..assignment.test_runs import scene  # noqa: F401  (the fixture)
from .queueing import Consumers, start_worker_process, use_real_queue, wait_for

# The queue's own tests: workers, periodic claims and leases read and write on connections of their own.
pytestmark = pytest.mark.commits

LEASE = 1


@pytest.fixture
def queued(app, scene, tmp_path):  # noqa: F811
    """The scene of the assignment tests, with the app's queue on real storage and a short lease."""
    use_real_queue(app, tmp_path, GUANAI_RUN_LEASE_SECONDS=LEASE)
    consumers = Consumers()
    yield {**scene, "consumers": consumers}
    consumers.stop_all()


def new_run(app, where):
    service = app.extensions["guanai"].services["children.caring_pairing"]
    run = create_run(where["county"]["users"]["east"], service, "volunteer", where["county"]["east"])
    queue_run(run.id)
    return run.id


def run_state(run_id):
    run = db.session.get(MatchRun, run_id)
    return run.status, run.attempts


def test_a_run_waits_in_the_queue_until_a_worker_solves_it(app, queued):
    run_id = new_run(app, queued)
    assert app.extensions["guanai_queue"].pending() == 1
    assert run_state(run_id) == ("queued", 0)
    queued["consumers"].start(app)
    wait_for(lambda: run_state(run_id)[0] == "proposed")
    run = db.session.get(MatchRun, run_id)
    assert run.attempts == 1 and run.progress == 100 and run.result["assignments"]


def kill_mid_run(app, run_id, attempt):
    worker = start_worker_process(app, slow_seconds=60)
    try:
        wait_for(lambda: run_state(run_id) == ("running", attempt), timeout=60)
        seen = db.session.get(MatchRun, run_id).heartbeat_at
        wait_for(lambda: db.session.get(MatchRun, run_id).heartbeat_at > seen)  # the lease is being renewed
    finally:
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait()


def test_a_run_whose_worker_is_killed_is_queued_again_and_finishes(app, queued, client, login):
    run_id = new_run(app, queued)
    kill_mid_run(app, run_id, attempt=1)
    assert run_state(run_id) == ("running", 1)  # nobody has noticed yet
    login("east")
    # the status page notices the stale lease itself, once it is older than the lease
    status = wait_for(lambda: (s := client.get(f"/runs/{run_id}/status").get_json())["status"] == "queued" and s,
                      timeout=10)
    assert status["final"] is False
    assert "已重新排队" in db.session.get(MatchRun, run_id).error
    queued["consumers"].start(app)
    wait_for(lambda: run_state(run_id) == ("proposed", 2))
    assert client.get(f"/runs/{run_id}/status").get_json() == {"status": "proposed", "progress": 100, "final": True,
                                                                "phase": ""}


def test_a_run_whose_worker_dies_twice_fails_with_the_reason_and_can_be_retried(app, queued, client, login):
    run_id = new_run(app, queued)
    kill_mid_run(app, run_id, attempt=1)
    wait_for(lambda: reap_stale_runs()["requeued"] == 1, timeout=10)
    kill_mid_run(app, run_id, attempt=2)
    wait_for(lambda: reap_stale_runs()["failed"] == 1, timeout=10)
    run = db.session.get(MatchRun, run_id)
    assert run.status == "failed" and "停止了 2 次" in run.error
    login("east")
    assert client.get(f"/runs/{run_id}/status").get_json()["final"] is True
    page = client.get(f"/runs/{run_id}").get_data(as_text=True)
    assert "停止了 2 次" in page and "重新运行" in page and "progress.js" not in page
    client.post(f"/runs/{run_id}/retry")
    assert run_state(run_id) == ("queued", 2)  # attempts count on: a new round of two
    queued["consumers"].start(app)
    wait_for(lambda: run_state(run_id) == ("proposed", 3))


def test_a_coordinator_cancels_a_running_run_and_its_result_is_dropped(app, queued, client, login, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = runs.solve

    def held_solve(instance):
        started.set()
        release.wait(30)
        return real(instance)

    monkeypatch.setattr(runs, "solve", held_solve)
    run_id = new_run(app, queued)
    queued["consumers"].start(app)
    assert started.wait(30)
    login("east")
    assert "取消这次匹配" in client.get(f"/runs/{run_id}").get_data(as_text=True)
    client.post(f"/runs/{run_id}/cancel")
    assert run_state(run_id)[0] == "cancelled"
    release.set()
    queued["consumers"].stop_all()  # waits for the worker to finish its task
    db.session.expire_all()
    run = db.session.get(MatchRun, run_id)
    assert run.status == "cancelled" and run.result is None
    assert client.get(f"/runs/{run_id}/status").get_json()["final"] is True
    assert client.post(f"/runs/{run_id}/commit", follow_redirects=True).status_code == 200
    assert db.session.get(MatchRun, run_id).status == "cancelled"
    client.post(f"/runs/{run_id}/retry")  # the cancelled run's attempt was 1: the retry's first is 3
    assert run_state(run_id) == ("queued", 2)


def test_a_queued_run_can_be_cancelled_and_a_worker_then_skips_it(app, queued, client, login):
    run_id = new_run(app, queued)
    login("east")
    client.post(f"/runs/{run_id}/cancel")
    queued["consumers"].start(app)
    wait_for(lambda: app.extensions["guanai_queue"].pending() == 0)
    queued["consumers"].stop_all()
    assert run_state(run_id) == ("cancelled", 0)
    assert db.session.execute(select(MatchRun.result).where(MatchRun.id == run_id)).scalar_one() is None


def test_a_commit_waits_in_the_queue_and_a_worker_writes_it(app, queued, client, login):
    from portal.assignment.models import Pairing
    run_id = new_run(app, queued)
    queued["consumers"].start(app)
    wait_for(lambda: run_state(run_id)[0] == "proposed")
    queued["consumers"].stop_all()
    login("east")
    client.post(f"/runs/{run_id}/commit")
    assert run_state(run_id)[0] == "committing" and app.extensions["guanai_queue"].pending() == 1
    status = client.get(f"/runs/{run_id}/status").get_json()
    assert status["final"] is False and "写入台账" in status["phase"]
    assert "取消这次匹配" not in client.get(f"/runs/{run_id}").get_data(as_text=True)
    queued["consumers"].start(app)
    wait_for(lambda: run_state(run_id)[0] == "committed")
    assert db.session.execute(select(Pairing).where(Pairing.run_id == run_id)).scalars().all()
    assert client.get(f"/runs/{run_id}/status").get_json()["final"] is True
