"""Fixtures: the app on a real database (SQLite and PostgreSQL), a small county, users and sign-in."""
from __future__ import annotations

import copy
import os
import pathlib
import sys
from contextlib import contextmanager
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from . import workers
from .factories import PASSWORD, make_place, password_hash

# The fourth-group package is installed beside the venv by `make test-plugins`, for the tests only. The
# engine's tests (tests/matching) need neither it nor a database: the portal is imported only by fixtures.
TEST_PLUGINS = pathlib.Path(__file__).resolve().parents[1] / ".test-plugins"
if str(TEST_PLUGINS) not in sys.path:
    sys.path.insert(0, str(TEST_PLUGINS))

BACKENDS = ["sqlite", "postgresql"]
BROWSER_TESTS = pathlib.Path(__file__).resolve().parent / "browser"


#: The UTC time at which the tests marked ``clock`` run a second time: 07:30 the next day in Beijing, so that a
#: test or a product line that takes the server's (UTC) date for the local one fails every day, not only after 16:00.
LATE_UTC = "23:30"


def pytest_addoption(parser):
    parser.addoption("--sqlite-only", action="store_true", help="run the database tests on SQLite only")
    parser.addoption("--at", metavar="HH:MM", default=None,
                     help="run every test as if started at this UTC time today (the clock then runs on), "
                          "e.g. --at 23:30 to find tests that depend on the hour")


def pytest_configure(config):
    config.addinivalue_line("markers", "commits: the test commits for real (other connections, apps, threads or "
                                       "processes read what it writes); its tables are emptied after it")
    config.addinivalue_line("markers", f"clock: the test depends on the day; it runs at the real time and again "
                                       f"from {LATE_UTC} UTC (the next morning in China)")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        only = metafunc.config.getoption("--sqlite-only")
        metafunc.parametrize("backend", ["sqlite"] if only else BACKENDS, scope="session")
    if metafunc.definition.get_closest_marker("clock") and not metafunc.config.getoption("--at"):
        metafunc.parametrize("clock", ["now", LATE_UTC], indirect=True)


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks
def pytest_collection_modifyitems(items):
    # Under `-n` (--dist loadgroup) the browser tests share one worker: one Chromium, each module's portal built once.
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


def utc_time_today(hhmm: str) -> datetime:
    """Today's date (UTC) at ``hhmm`` UTC, as an aware datetime."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.now(UTC).replace(hour=hour, minute=minute, second=0, microsecond=0)


@pytest.fixture(autouse=True)
def clock(request):
    """The time the test runs at: the real one, or (tests marked ``clock``, and every test under ``--at``) a
    late UTC hour of today, set before any other fixture of the test runs; time then goes on (``tick``), so
    that timeouts and leases behave. Yields the start as an aware UTC datetime, or None for the real time."""
    at = request.config.getoption("--at") or getattr(request, "param", "now")
    if at == "now":
        yield None
        return
    import time_machine
    start = utc_time_today(at)
    with time_machine.travel(start, tick=True):
        yield start


@pytest.fixture(scope="session", autouse=True)
def private_queue_file(tmp_path_factory):
    """Apps made by tests without a queue of their own keep its SQLite file in this process's temporary folder:
    not the developer's instance/queue.sqlite (whose worker would run the tests' tasks), nor one shared by workers."""
    with pytest.MonkeyPatch.context() as env:
        env.setenv("GUANAI_QUEUE_URL", f"sqlite:///{tmp_path_factory.mktemp('queue') / 'queue.sqlite'}")
        yield


@pytest.fixture(scope="session")
def database_url(backend, tmp_path_factory):
    """The backend's database: a SQLite file of this worker's temporary folder, or this worker's PostgreSQL one."""
    if not TEST_PLUGINS.is_dir():
        raise RuntimeError("tests need the fourth-group package: run `make test-plugins` (or `make test`)")
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    given = os.environ.get("GUANAI_TEST_POSTGRES_URL")
    if not given:
        raise RuntimeError("GUANAI_TEST_POSTGRES_URL is not set: run `make test`, which starts PostgreSQL, "
                           "or pass --sqlite-only")
    url = workers.postgres_url(given)  # under pytest-xdist, one database per worker
    yield url
    workers.drop_postgres(given, url)


@pytest.fixture(scope="session")
def migrated(database_url):
    """Create the schema once per backend, through the migrations (as a deployment does)."""
    from flask_migrate import upgrade

    from portal import create_app
    from portal.extensions import db
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"})
    with app.app_context():
        if database_url.startswith("postgresql"):
            with db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade(revision="heads")
        db.engine.dispose()
    return database_url


def make_app(database_url: str, **config):
    """An app on the test database; tasks run at once, in the test's own session (the queue's own tests,
    tests/background, use real storage)."""
    from portal import create_app
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test",
                       "WTF_CSRF_ENABLED": False, "GUANAI_QUEUE_IMMEDIATE": True, **config})


def empty_database() -> None:
    """Delete every row (in the app context), so that the next test starts from an empty schema."""
    from portal.extensions import db
    db.session.remove()
    with db.engine.begin() as conn:
        for table in reversed(db.metadata.sorted_tables):
            conn.execute(table.delete())
    db.engine.dispose()


def rows_left() -> list[str]:
    """The tables that hold rows (one statement): none after a test whose transaction was rolled back."""
    from sqlalchemy import literal, select, union_all

    from portal.extensions import db
    tables = db.metadata.sorted_tables
    probe = union_all(*(select(literal(t.name).label("name")).where(select(literal(1)).select_from(t).exists())
                        for t in tables))
    return list(db.session.execute(probe).scalars())


@contextmanager
def rolled_back(app):
    """Run the body in one transaction of the app's database, rolled back at the end.

    SQLAlchemy 2.0's "join a session into an external transaction": the app's engine is replaced, for the
    body, by one connection in a transaction, and every session made meanwhile joins it with
    ``join_transaction_mode="create_savepoint"``, so that a commit releases a SAVEPOINT and a rollback goes
    back to it, as they would end a transaction of their own. SQLite's driver then leaves transactions to
    SQLAlchemy (its own would end at the first RELEASE). Code that opens connections of its own
    (``db.engine.begin()``: periodic claims, heartbeats) or other apps and processes do not see the test's rows:
    such tests are marked ``commits``.
    """
    from portal.extensions import db
    engines = db.engines
    engine = engines[None]
    connection = engine.connect()
    driver = connection.connection.driver_connection
    sqlite = engine.dialect.name == "sqlite"
    if sqlite:
        driver.isolation_level = None  # autocommit at the driver: BEGIN and SAVEPOINT are ours
    outer = connection.begin()
    if sqlite:
        connection.exec_driver_sql("BEGIN")
    db.session.remove()
    engines[None] = connection
    try:
        yield connection
    finally:
        db.session.remove()
        engines[None] = engine
        outer.rollback()
        if sqlite:
            driver.isolation_level = ""
        connection.close()


class AppState:
    """What a test may change on the shared app (settings, extensions, plugins registered, queued tasks),
    put back as it was when the test ends."""

    def __init__(self, app):
        self.app = app
        self.config = copy.deepcopy(dict(app.config))
        self.extensions = dict(app.extensions)
        facade = app.extensions["guanai"]
        self.plugins = {name for name, _ in facade.pm.list_name_plugin()}
        # The facade's registries and the groups' settings (a test may overlay a deployment's in place).
        self.facade = {key: copy.deepcopy(value) if key == "_settings" else copy.copy(value)
                       for key, value in vars(facade).items() if isinstance(value, dict)}

    def restore(self) -> None:
        app = self.app
        pm = app.extensions["guanai"].pm
        for name, _ in pm.list_name_plugin():
            if name not in self.plugins:
                pm.unregister(name=name)
        app.extensions.clear()
        app.extensions.update(self.extensions)
        vars(app.extensions["guanai"]).update(self.facade)
        app.config.clear()
        app.config.update(copy.deepcopy(self.config))
        queue = app.extensions["guanai_queue"]
        if queue.huey.immediate:
            queue.huey.flush()  # tasks scheduled for later in immediate mode wait in memory


@pytest.fixture(scope="session")
def shared_app(migrated):
    """One app per database backend and worker, shared by the tests (building one costs about 0.5 s of CPU,
    most of it compiling the routes); ``app`` puts back what a test changes on it."""
    from portal.extensions import db
    app = make_app(migrated, GUANAI_PAGE_SIZE=5)
    with app.app_context():
        db.session.remove()
        db.session.configure(join_transaction_mode="create_savepoint")  # effective only on a Connection bind
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture
def app(shared_app, request):
    """The app, in an app context, on an empty database. The test runs in a transaction rolled back at its end;
    a test marked ``commits`` (real commits seen by other connections, apps, threads or processes: the queue,
    served portals, concurrency) commits for real, and every table is emptied after it."""
    state = AppState(shared_app)
    try:
        with shared_app.app_context():
            if request.node.get_closest_marker("commits"):
                try:
                    yield shared_app
                finally:
                    empty_database()
            else:
                with rolled_back(shared_app):
                    yield shared_app
                left = rows_left()
                if left:
                    empty_database()
                    pytest.fail(f"rows committed outside the test's transaction in {', '.join(left)}: mark the test "
                                f"@pytest.mark.commits", pytrace=False)
    finally:
        state.restore()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def area_cache(app):
    """The per-area store of kept values (``portal.core.cache``) switched on, as outside tests, and emptied."""
    from portal.core import cache
    app.config.update(GUANAI_AREA_CACHE_IN_TESTS=True, GUANAI_AREA_CACHE_SECONDS=60)
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def county(app):
    """A county with two townships, a village in each, a household, and one user per role."""
    from portal.auth.models import User
    from portal.extensions import db
    from portal.ledger.models import Household
    root = make_place("C", "示范县", "county", None, 27.25, 111.8)
    east = make_place("T1", "东乡", "township", root, 27.3, 111.8)
    west = make_place("T2", "西乡", "township", root, 27.2, 111.7)
    v_east = make_place("V1", "东村", "village", east, 27.31, 111.81)
    v_west = make_place("V2", "西村", "village", west, 27.21, 111.71)
    home = Household(place_id=v_east.id, head_name="王德福", address="东村1组")
    db.session.add(home)
    users = {}
    for username, role, place, group in [("admin", "admin", root, None), ("coord", "coordinator", root, None),
                                         ("east", "coordinator", east, None), ("west", "coordinator", west, None),
                                         ("kids", "staff", root, "children"), ("elders", "staff", root, "elderly"),
                                         ("vol", "volunteer", None, None)]:
        user = User(username=username, display_name=username, role=role, place_id=place.id if place else None,
                    group=group)
        user.password_hash = password_hash()
        db.session.add(user)
        users[username] = user
    db.session.commit()
    return {"root": root, "east": east, "west": west, "v_east": v_east, "v_west": v_west, "home": home,
            "users": users}


@pytest.fixture
def login(client):
    def sign_in(username, password=PASSWORD):
        client.post("/logout")
        return client.post("/login", data={"username": username, "password": password})
    return sign_in
