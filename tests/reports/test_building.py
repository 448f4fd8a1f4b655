"""A large area's report is built on the worker, never in the request (issue 32): the page answers at once with a
page that follows the build, the task builds the report once as the user who asked and keeps its page, long
tables and print layout; every later view, of the page or its print layout, reads what was kept. A failed build
says why; a small area is built in the request as before. These commit for real (the kept store and the worker
use their own connections), through the real queue with a worker thread."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from portal.extensions import db
from portal.testing import PASSWORD, add_person

from ..background.queueing import Consumers, use_real_queue, wait_for

pytestmark = pytest.mark.commits

QUARTER = {"kind": "quarterly", "year": 2026, "quarter": 2}


@pytest.fixture
def large(app, tmp_path):
    """Every area beyond one person is large; pages are kept (in the database) and the queue is real."""
    app.config.update({"GUANAI_REPORT_CACHE_IN_TESTS": True, "GUANAI_REPORT_CACHE_SECONDS": 600,
                       "GUANAI_REPORT_QUEUE_PEOPLE": 1})
    use_real_queue(app, tmp_path)
    from portal.reports.kept import forget_all
    forget_all()
    consumers = Consumers()
    yield consumers
    consumers.stop_all()
    forget_all()


def _sign_in(client, username="coord"):
    assert client.post("/login", data={"username": username, "password": PASSWORD}).status_code == 302


def _people(county):
    add_person("children", county["v_east"], name="王小明", category="orphan")
    add_person("children", county["v_west"], name="李小红", category="orphan")
    db.session.commit()


def test_a_large_areas_page_follows_its_build_on_the_worker_then_shows_the_kept_report(app, county, client, large):
    _people(county)
    _sign_in(client)
    args = {**QUARTER, "place": county["root"].id}
    first = client.get("/reports/", query_string=args)
    page = first.get_data(as_text=True)
    assert first.status_code == 202 and 'id="progress"' in page and "服务器正在统计数据" in page
    assert "progress.js" in page and "/reports/building?" in page
    status = client.get("/reports/building", query_string=args).get_json()
    assert status == {"status": "running", "progress": None, "final": False, "phase": "服务器正在统计数据。"}
    # A second view while it waits queues nothing more: the build was claimed once.
    assert client.get("/reports/", query_string=args).status_code == 202
    assert app.extensions["guanai_queue"].pending() == 1
    large.start(app, workers=1)
    wait_for(lambda: client.get("/reports/building", query_string=args).get_json()["final"])
    assert client.get("/reports/building", query_string=args).get_json()["status"] == "ready"
    shown = client.get("/reports/", query_string=args)
    assert shown.status_code == 200 and "王小明" not in shown.get_data(as_text=True)  # figures, not names
    assert 'class="report-section' in shown.get_data(as_text=True) or "<table" in shown.get_data(as_text=True)
    # The print layout was kept by the same build: it answers at once, in full, with no new task.
    printed = client.get("/reports/print", query_string=args)
    assert printed.status_code == 200 and "<body class=\"print-layout\">" in printed.get_data(as_text=True)
    assert app.extensions["guanai_queue"].pending() == 0


def test_the_print_layout_of_a_large_area_alone_starts_the_build_and_is_kept(app, county, client, large):
    _people(county)
    _sign_in(client)
    args = {**QUARTER, "place": county["root"].id}
    waiting = client.get("/reports/print", query_string=args)
    assert waiting.status_code == 202 and "part=print" in waiting.get_data(as_text=True)
    large.start(app, workers=1)
    wait_for(lambda: client.get("/reports/building", query_string={**args, "part": "print"}).get_json()["final"])
    assert "print-layout" in client.get("/reports/print", query_string=args).get_data(as_text=True)


def test_a_build_that_fails_says_why_and_is_not_started_again_at_each_reload(app, county, client, large,
                                                                              monkeypatch):
    import portal.reports.views as views

    def broken(base):
        raise RuntimeError("the database went away")
    monkeypatch.setattr(views, "build_parts", broken)
    _people(county)
    _sign_in(client)
    args = {**QUARTER, "place": county["root"].id}
    assert client.get("/reports/", query_string=args).status_code == 202
    large.start(app, workers=1)
    wait_for(lambda: client.get("/reports/building", query_string=args).get_json()["final"])
    assert client.get("/reports/building", query_string=args).get_json()["status"] == "failed"
    failed = client.get("/reports/", query_string=args)
    text = failed.get_data(as_text=True)
    assert failed.status_code == 503 and "报表未能生成" in text and "the database went away" in text
    assert app.extensions["guanai_queue"].pending() == 0


def test_a_small_area_is_built_in_the_request(app, county, client, large):
    app.config["GUANAI_REPORT_QUEUE_PEOPLE"] = 1000
    _people(county)
    _sign_in(client)
    shown = client.get("/reports/", query_string={**QUARTER, "place": county["root"].id})
    assert shown.status_code == 200 and 'id="progress"' not in shown.get_data(as_text=True)
    assert app.extensions["guanai_queue"].pending() == 0


def test_a_queue_that_runs_tasks_at_once_shows_the_report_on_the_first_view(app, county, client):
    app.config.update({"GUANAI_REPORT_CACHE_IN_TESTS": True, "GUANAI_REPORT_CACHE_SECONDS": 600,
                       "GUANAI_REPORT_QUEUE_PEOPLE": 1})
    from portal.reports.kept import KeptReport, forget_all
    forget_all()
    try:
        _people(county)
        _sign_in(client)
        shown = client.get("/reports/", query_string={**QUARTER, "place": county["root"].id})
        assert shown.status_code == 200 and 'id="progress"' not in shown.get_data(as_text=True)
        kept = db.session.execute(select(func.count()).select_from(KeptReport)).scalar_one()
        assert kept >= 2  # the page and its print layout, from one build
    finally:
        forget_all()
