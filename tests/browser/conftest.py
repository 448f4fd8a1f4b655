"""Shared pieces of the browser tests: Debian's Chromium through Playwright, and a portal served for real."""
import shutil
import threading
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from portal import create_app
from portal.core.queue import start_consumer, stop_consumer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]


@contextmanager
def served(path, fill):
    """Serve a portal on a fresh SQLite database at ``path``, after ``fill()`` has run in its app context.

    A worker runs beside it on the queue's SQLite storage, as with ``make run``. Yields the base address and the app.
    """
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "SECRET_KEY": "browser-test",
                      "GUANAI_QUEUE_URL": f"sqlite:///{path}.queue"})
    with app.app_context():
        upgrade(revision="heads")
        fill()
    http = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    worker = app.extensions["guanai_queue"].consumer(workers=2, initial_delay=0.05, max_delay=0.3)
    start_consumer(worker)
    try:
        yield f"http://127.0.0.1:{http.server_port}", app
    finally:
        http.shutdown()
        stop_consumer(worker)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


def sign_in(page, base, username, password):
    page.goto(f"{base}/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("main button[type=submit]")


def fits(page, width: int) -> bool:
    """The page laid out in one column of ``width`` px: no sideways scroll, measured once its style sheets and
    scripts have loaded (an element is on the page before its styles are: measured then, a loaded CI read 399)."""
    page.wait_for_load_state("load")
    return page.evaluate("document.documentElement.scrollWidth") <= width
