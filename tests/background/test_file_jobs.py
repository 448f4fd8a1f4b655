"""Long work off the request (issue 32): a township's card PDF, a large export and a large area's report are file
jobs: the request stores and queues the job and answers at once with its page; the file appears there when the
task ran, for its owner only, until it expires; the owner is told on the bell.

These run with the app's immediate queue (the task runs as it is queued, in the test's transaction); the tests at
the end go through the real queue with a worker thread, committing for real.
"""
from __future__ import annotations

import io
import subprocess
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from portal.background.files import FileJob, expire_files
from portal.core.time import utcnow
from portal.extensions import db
from portal.ledger.models import Household
from portal.notifications.models import Notification
from tests.neutral import FORMULA_NAME, assert_neutral_csv, xlsx_cells_with

from ..factories import add_person, add_volunteer
from .queueing import Consumers, use_real_queue, wait_for


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "file.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def job_id_of(response) -> int:
    assert response.status_code == 302, response.status_code
    location = response.headers["Location"]
    assert "/files/" in location, location
    return int(location.rstrip("/").split("/")[-1])


def test_a_townships_card_pdf_is_a_job_whose_download_appears_when_the_task_ran(client, county, login, tmp_path):
    db.session.add(Household(place_id=county["v_east"].id, head_name="赵大山", address="东村2组"))
    db.session.commit()
    login("east")
    response = client.get(f"/cards/batch/contacts?place={county['east'].id}&format=pdf")
    job_id = job_id_of(response)
    job = db.session.get(FileJob, job_id)
    assert (job.task, job.status, job.mimetype) == ("cards.make_pdf", "ready", "application/pdf")
    page = client.get(f"/files/{job_id}").get_data(as_text=True)
    assert 'id="download"' in page and f"/files/{job_id}/download" in page
    assert client.get(f"/files/{job_id}/status").get_json() == {
        "status": "ready", "progress": 100, "final": True, "phase": "文件已生成。"}
    download = client.get(f"/files/{job_id}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.headers["Cache-Control"] == "no-store"
    text = pdf_text(download.data, tmp_path)
    assert "王德福" in text and "赵大山" in text and "便民服务联系卡" in text
    # the owner is told, once, with a link to the file's page
    note = db.session.execute(select(Notification).where(Notification.kind == "file_ready")).scalar_one()
    assert note.user_id == county["users"]["east"].id and note.endpoint_args == {"job_id": job_id}
    assert "联系卡" in note.text() and "已生成" in note.text()
    assert "我的文件" in client.get("/files/").get_data(as_text=True)


def test_a_villages_pdf_is_still_made_in_the_request(client, county, login):
    login("east")
    response = client.get(f"/cards/batch/contacts?place={county['v_east'].id}&format=pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert db.session.execute(select(FileJob)).first() is None
    # and a township's page itself (HTML) is answered in the request too: one render, no job
    page = client.get(f"/cards/batch/contacts?place={county['east'].id}")
    assert page.status_code == 200 and "王德福" in page.get_data(as_text=True)
    assert db.session.execute(select(FileJob)).first() is None


def test_nobody_else_fetches_someones_file(client, county, login):
    login("east")
    job_id = job_id_of(client.get(f"/cards/batch/pairings?place={county['east'].id}&format=pdf"))
    for other in ("coord", "admin", "west"):
        login(other)
        for url in (f"/files/{job_id}", f"/files/{job_id}/status", f"/files/{job_id}/download"):
            assert client.get(url).status_code == 404, (other, url)
        assert f"/files/{job_id}" not in client.get("/files/").get_data(as_text=True)
    client.post("/logout")
    assert client.get(f"/files/{job_id}/download").status_code in (302, 401)  # to the sign-in page


def test_a_file_expires(client, county, login, app):
    login("east")
    job_id = job_id_of(client.get(f"/cards/batch/contacts?place={county['east'].id}&format=pdf"))
    job = db.session.get(FileJob, job_id)
    assert job.expires_at - utcnow() > timedelta(hours=23)  # GUANAI_FILE_KEEP_HOURS: a day by default
    job.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert client.get(f"/files/{job_id}/download").status_code == 404
    assert "已过期" in client.get(f"/files/{job_id}").get_data(as_text=True)
    assert expire_files() == 1 and db.session.get(FileJob, job_id) is None


def add_volunteers(county, n, name="志愿者"):
    for i in range(n):
        add_volunteer(county, f"{name}{i}")


def test_an_export_beyond_the_threshold_is_a_job_and_its_file_is_right_and_neutral(client, county, login, app):
    app.config["GUANAI_EXPORT_QUEUE_ROWS"] = 3
    add_volunteers(county, 3)
    add_volunteer(county, FORMULA_NAME)
    login("coord")
    job_id = job_id_of(client.get("/transfer/export/volunteers.xlsx"))
    job = db.session.get(FileJob, job_id)
    assert job.params["rows"] == 4 and job.filename == "志愿者.xlsx"
    download = client.get(f"/files/{job_id}/download")
    sheet = load_workbook(io.BytesIO(download.data)).active
    names = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert sorted(names) == sorted([FORMULA_NAME, "志愿者0", "志愿者1", "志愿者2"])
    xlsx_cells_with(download.data, FORMULA_NAME)  # text, never a formula, in the queued file too
    csv_id = job_id_of(client.get("/transfer/export/volunteers.csv"))
    assert_neutral_csv(client.get(f"/files/{csv_id}/download").data, FORMULA_NAME)
    # at or under the threshold the export streams in the request
    app.config["GUANAI_EXPORT_QUEUE_ROWS"] = 4
    here = client.get("/transfer/export/volunteers.xlsx")
    assert here.status_code == 200 and here.is_streamed
    xlsx_cells_with(here.data, FORMULA_NAME)


def test_a_ledger_export_job_keeps_the_lists_filters(client, county, login, app):
    app.config["GUANAI_EXPORT_QUEUE_ROWS"] = 1
    for i in range(3):
        add_person("children", county["v_east"], name=f"东村孩子{i}")
    add_person("children", county["v_west"], name="西村孩子")
    login("coord")
    job_id = job_id_of(client.get(f"/transfer/export/g/children.csv?place={county['v_east'].id}"))
    assert db.session.get(FileJob, job_id).params["args"] == {"place": str(county["v_east"].id)}
    text = client.get(f"/files/{job_id}/download").data.decode("utf-8-sig")
    assert all(f"东村孩子{i}" in text for i in range(3)) and "西村孩子" not in text


def test_a_large_areas_report_workbook_is_a_job(client, county, login, app):
    app.config["GUANAI_EXPORT_QUEUE_ROWS"] = 1
    for i in range(2):
        add_person("children", county["v_east"], name=f"孩子{i}")
    login("coord")
    job_id = job_id_of(client.get("/reports/export.xlsx?year=2026&quarter=2"))
    job = db.session.get(FileJob, job_id)
    assert job.task == "reports.make_file" and job.status == "ready"
    book = load_workbook(io.BytesIO(client.get(f"/files/{job_id}/download").data))
    assert book.sheetnames[0] == "report" and len(book.sheetnames) > 3


def test_a_reports_pdf_is_made_here_for_a_small_area_and_on_the_queue_beyond(client, county, login, app, tmp_path):
    add_person("children", county["v_east"], name="孩子甲")
    login("coord")
    here = client.get("/reports/print?year=2026&quarter=2&format=pdf")
    assert here.status_code == 200 and here.mimetype == "application/pdf"
    assert "示范县" in pdf_text(here.data, tmp_path)
    app.config["GUANAI_EXPORT_QUEUE_ROWS"] = 0
    job_id = job_id_of(client.get("/reports/print?year=2026&quarter=2&format=pdf"))
    download = client.get(f"/files/{job_id}/download")
    assert download.mimetype == "application/pdf" and "示范县" in pdf_text(download.data, tmp_path)
    assert db.session.get(FileJob, job_id).filename == "report-C-2026Q2.pdf"


def test_a_failed_job_says_why(client, county, login, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")
    monkeypatch.setattr("portal.cards.pdf.core_pdf_of", broken)
    login("east")
    job_id = job_id_of(client.get(f"/cards/batch/contacts?place={county['east'].id}&format=pdf"))
    job = db.session.get(FileJob, job_id)
    assert job.status == "failed" and "no fonts" in job.error
    assert "no fonts" in client.get(f"/files/{job_id}").get_data(as_text=True)
    assert client.get(f"/files/{job_id}/download").status_code == 404
    # the owner is told on the bell, where they are, with why
    note = db.session.execute(select(Notification).where(Notification.kind == "file_failed")).scalar_one()
    assert note.user_id == county["users"]["east"].id and note.endpoint_args == {"job_id": job_id}
    assert "未能生成" in note.text() and "no fonts" in note.text()


def test_the_hourly_sweep_fails_jobs_no_worker_moved_and_tells_their_owners_once(app, county):
    from portal.background.files import fail_stale_files
    owner = county["users"]["east"]
    old = utcnow() - timedelta(minutes=app.config.get("GUANAI_FILE_STALE_MINUTES", 30) + 5)
    rows = {status: FileJob(user_id=owner.id, task="cards.make_pdf", title=f"卡片 {status}", filename="c.pdf",
                            mimetype="application/pdf", params={}, status=status, heartbeat_at=beat)
            for status, beat in [("queued", old), ("running", old), ("ready", old)]}
    fresh = FileJob(user_id=owner.id, task="cards.make_pdf", title="刚提交", filename="c.pdf", mimetype="application/pdf",
                    params={}, status="running", heartbeat_at=utcnow())
    db.session.add_all([*rows.values(), fresh])
    db.session.commit()
    assert fail_stale_files() == 2
    assert [rows[s].status for s in ("queued", "running", "ready")] == ["failed", "failed", "ready"]
    assert fresh.status == "running" and rows["queued"].error.startswith("没有后台处理程序生成此文件")
    assert fail_stale_files() == 0  # nothing left to fail: no second notice
    told = db.session.execute(select(Notification).where(Notification.kind == "file_failed")).scalars().all()
    assert sorted(n.endpoint_args["job_id"] for n in told) == sorted([rows["queued"].id, rows["running"].id])
    assert all(n.user_id == owner.id for n in told)


# --- through the real queue ---------------------------------------------------------------------------------------

@pytest.fixture
def real_queue(app, tmp_path):
    use_real_queue(app, tmp_path)
    consumers = Consumers()
    yield consumers
    consumers.stop_all()


@pytest.mark.commits
def test_the_request_only_queues_and_a_worker_makes_the_file(client, county, login, real_queue, app, tmp_path):
    app.config["GUANAI_EXPORT_QUEUE_ROWS"] = 2
    add_volunteers(county, 3, name="队列")
    login("east")
    pdf_id = job_id_of(client.get(f"/cards/batch/contacts?place={county['east'].id}&format=pdf"))
    export_id = job_id_of(client.get("/transfer/export/volunteers.xlsx"))
    for job_id in (pdf_id, export_id):  # nothing done in the request: both wait for a worker
        status = client.get(f"/files/{job_id}/status").get_json()
        assert status["status"] == "queued" and status["final"] is False
        assert 'id="progress"' in client.get(f"/files/{job_id}").get_data(as_text=True)
        assert client.get(f"/files/{job_id}/download").status_code == 404
    real_queue.start(app)
    for job_id in (pdf_id, export_id):
        wait_for(lambda: db.session.get(FileJob, job_id).status in ("ready", "failed"), timeout=120)
        assert client.get(f"/files/{job_id}/status").get_json()["status"] == "ready"
    assert "王德福" in pdf_text(client.get(f"/files/{pdf_id}/download").data, tmp_path)
    sheet = load_workbook(io.BytesIO(client.get(f"/files/{export_id}/download").data)).active
    assert sorted(r[0] for r in sheet.iter_rows(min_row=2, values_only=True)) == ["队列0", "队列1", "队列2"]
    told = db.session.execute(select(Notification.endpoint_args).where(Notification.kind == "file_ready")).scalars()
    assert sorted(a["job_id"] for a in told) == sorted([pdf_id, export_id])
