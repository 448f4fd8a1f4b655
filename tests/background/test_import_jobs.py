"""A large sheet's import committed on the queue (issue 32; the import itself: 004 关于加强农村留守儿童关爱保护工作的意见
asks for the ledgers 一人一档, tests/transfer): the commit page hands it to a worker and answers at once with a page
whose bar the worker fills; the worker writes every row in one transaction, or, when a row is refused at commit,
nothing, and the page names the row. Through the real queue (a worker thread; Redis in the suite's second pass)."""
import io
import re
import threading

import pytest
from sqlalchemy import func, select

import portal.transfer.jobs as jobs
from portal.core.audit import AuditEntry
from portal.extensions import db
from portal.ledger.models import Beneficiary, Household
from portal.transfer.models import ImportJob, ImportRun

from ..transfer.sheets import village_sheet
from .queueing import Consumers, use_real_queue, wait_for

pytestmark = pytest.mark.commits


@pytest.fixture
def queued(app, tmp_path):
    """The app's queue on real storage; a sheet of more than 3 rows is committed on it."""
    use_real_queue(app, tmp_path, GUANAI_IMPORT_QUEUE_ROWS=3)
    consumers = Consumers()
    yield consumers
    consumers.stop_all()


def uploaded(client, county) -> str:
    """The village sheet (5 people, 11 rows as read) uploaded by 东乡's coordinator: its commit address."""
    response = client.post("/transfer/import", data={"file": (io.BytesIO(village_sheet()), "东村.xlsx"),
                                                     "place": str(county["v_east"].id), "group": ""},
                           content_type="multipart/form-data")
    page = client.get(response.location).get_data(as_text=True)
    return re.search(r"/transfer/import/[^/\"?]+/commit", page).group(0)


def handed_over(response) -> int:
    assert response.status_code == 302, response.status_code
    assert "/transfer/jobs/" in response.location, response.location
    return int(response.location.rstrip("/").split("/")[-1])


def counts() -> tuple[int, int, int, int]:
    db.session.rollback()
    return tuple(db.session.execute(select(func.count()).select_from(model)).scalar_one()
                 for model in (Beneficiary, Household, ImportRun, AuditEntry))


def test_a_large_sheet_is_written_by_a_worker_every_row_with_its_import_run(app, client, county, login, queued):
    login("east")
    commit = uploaded(client, county)
    before = counts()
    form = {"place": county["v_east"].id, "group": "", "update": "0", "outside_rules_reason": "村委会核实"}
    job_id = handed_over(client.post(commit, data=form))
    assert handed_over(client.post(commit, data=form)) == job_id  # a second click hands nothing over twice
    # nothing is written in the request: the job waits for a worker, its page says so and follows it
    assert counts() == before
    status = client.get(f"/transfer/jobs/{job_id}/status").get_json()
    assert status == {"status": "queued", "progress": 0, "final": False, "phase": "正在等待后台处理程序写入。"}
    page = client.get(f"/transfer/jobs/{job_id}").get_data(as_text=True)
    assert 'id="progress"' in page and "/static/progress.js" in page and "<script>" not in page
    assert "导入：东村.xlsx" in page and "表格共 11 行" in page
    queued.start(app)
    wait_for(lambda: db.session.get(ImportJob, job_id).status not in ("queued", "running"), timeout=120)
    job = db.session.get(ImportJob, job_id)
    assert (job.status, job.progress, job.problems, job.sheet, job.to_write) == ("done", 100, [], None, 5)
    names = set(db.session.execute(select(Beneficiary.name)).scalars())
    assert names == {"李小红", "李小明", "王芳", "赵德胜", "陈思"}
    run = db.session.get(ImportRun, job.import_run_id)
    assert (run.user_id, run.file_name, run.counts["written_new"]) == (county["users"]["east"].id, "东村.xlsx", 5)
    assert "村委会核实" in db.session.execute(select(Beneficiary.notes).where(Beneficiary.name == "王芳")).scalar_one()
    audited = db.session.execute(select(AuditEntry.action).where(AuditEntry.entity == "import")).scalars().all()
    assert audited == ["import"]
    # the same page as after a commit in the request: the counts, then the upload page (no group chosen)
    assert client.get(f"/transfer/jobs/{job_id}/status").get_json()["final"] is True
    done = client.get(f"/transfer/jobs/{job_id}")
    assert done.status_code == 302 and done.location.endswith("/transfer/import")
    assert "已导入：新增 5 人，更新 0 人。" in client.get(done.location).get_data(as_text=True)


def test_a_row_refused_at_commit_writes_nothing_and_the_page_names_it(app, client, county, login, queued):
    """王芳 (row 7) is outside her group's rule, which only the commit decides: without a reason she is refused,
    after the households of the sheet were added in the same transaction, and nothing stays."""
    login("east")
    commit = uploaded(client, county)
    before = counts()
    job_id = handed_over(client.post(commit, data={"place": county["v_east"].id, "group": "", "update": "0"}))
    queued.start(app)
    wait_for(lambda: db.session.get(ImportJob, job_id).status not in ("queued", "running"), timeout=120)
    job = db.session.get(ImportJob, job_id)
    assert job.status == "refused" and job.import_run_id is None
    assert [p[:2] for p in job.problems] == [[7, "身份类别"]]
    assert counts() == before  # no person, no household, no import run, no audit entry
    page = client.get(f"/transfer/jobs/{job_id}").get_data(as_text=True)
    assert "未写入任何数据：表格中有问题。" in page and "第 7 行，身份类别：" in page and 'id="progress"' not in page
    back = re.search(r'href="(/transfer/import/[^"]+)"', page).group(1).replace("&amp;", "&")
    assert "王芳" in client.get(back).get_data(as_text=True)  # the upload is kept: back to its preview


def test_the_page_shows_how_far_the_worker_is(app, client, county, login, queued, monkeypatch):
    """The worker stops half-way through writing: the status and the page show the writing phase and, on
    PostgreSQL, the bar moved by the batch (SQLite lets one connection write at a time: the bar waits there)."""
    reached, release = threading.Event(), threading.Event()
    real = jobs.commit_preview

    def halfway(actor, preview, place_id, reason=None, progress=None):
        progress(0.5)
        reached.set()
        release.wait(60)
        return real(actor, preview, place_id, reason, progress=progress)
    monkeypatch.setattr(jobs, "commit_preview", halfway)
    login("east")
    commit = uploaded(client, county)
    job_id = handed_over(client.post(commit, data={"place": county["v_east"].id, "group": "", "update": "0",
                                                   "outside_rules_reason": "村委会核实"}))
    queued.start(app)
    try:
        assert reached.wait(60)
        status = client.get(f"/transfer/jobs/{job_id}/status").get_json()
        assert status["status"] == "running" and status["final"] is False
        assert status["phase"] == "正在一次性写入 5 行：只有每一行都写入成功才会保存。"
        expected = 52 if db.engine.dialect.name == "postgresql" else 10  # 10 + 85 * 0.5
        assert status["progress"] == expected
        page = client.get(f"/transfer/jobs/{job_id}").get_data(as_text=True)
        assert f'<progress max="100" value="{expected}">' in page and "正在一次性写入 5 行" in page
    finally:
        release.set()
    wait_for(lambda: db.session.get(ImportJob, job_id).status == "done", timeout=120)
    assert db.session.execute(select(func.count()).select_from(Beneficiary)).scalar_one() == 5


def test_a_job_whose_worker_is_gone_fails_and_a_late_worker_writes_nothing(app, client, county, login, queued):
    login("east")
    commit = uploaded(client, county)
    job_id = handed_over(client.post(commit, data={"place": county["v_east"].id, "group": "", "update": "0",
                                                   "outside_rules_reason": "村委会核实"}))
    app.config["GUANAI_FILE_STALE_MINUTES"] = 0  # no worker moved it: its page says it failed
    page = client.get(f"/transfer/jobs/{job_id}").get_data(as_text=True)
    assert 'id="failed"' in page and "没有后台处理程序写入这次导入" in page
    queued.start(app)  # the worker finds it no longer queued and leaves it
    app.config["GUANAI_FILE_STALE_MINUTES"] = 30
    wait_for(lambda: app.extensions["guanai_queue"].pending() == 0)
    assert db.session.get(ImportJob, job_id).status == "failed"
    assert db.session.execute(select(func.count()).select_from(Beneficiary)).scalar_one() == 0
