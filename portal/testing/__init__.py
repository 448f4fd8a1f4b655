"""Test fixtures for the portal and its plugins: a pytest plugin, loaded by the entry point ``pytest11``.

Installing ``guanai`` registers this plugin with pytest; a plugin author's tests (a group, a feature) use its
fixtures without writing a conftest. The portal's own suite (``tests/conftest.py``) uses the same ones.

Fixtures
    ``backend``       ``"sqlite"`` or ``"postgresql"``: every test that uses the database runs on both, unless
                      ``--sqlite-only`` (or marked ``postgresql``: about what PostgreSQL alone has). PostgreSQL is the server of ``GUANAI_TEST_POSTGRES_URL`` (one database per
                      pytest-xdist worker, made empty when the worker starts); SQLite a file of the run's temporary
                      folder.
    ``database_url``  the backend's database (session); ``migrated`` the same, once every migration has run
                      (``heads``: the features' and every installed plugin's, as a deployment upgrades).
    ``shared_app``    one app per backend and worker (session), built by :func:`make_app`: tasks run at once,
                      no CSRF, pages of 5 rows.
    ``app``           that app, in an app context, on an empty database. The test runs inside one transaction
                      that is rolled back at its end: commits release a SAVEPOINT (SQLAlchemy's "join a session
                      into an external transaction"). What the test changes on the app (settings, extensions,
                      plugins registered, tasks queued) is put back. Mark a test ``@pytest.mark.commits`` when
                      something outside its session must see its rows (another app, thread or process, the real
                      queue, a served portal, ``db.engine.begin()``): it commits for real and every table is
                      emptied after it.
    ``db_session``    the app's session (``portal.extensions.db.session``).
    ``client``        a test client of ``app``; ``login(username, password=PASSWORD)`` signs it in (after signing
                      out); ``login_as(user_or_username)`` the same for a user made with the test password.
    ``county``        a small county: ``root`` (示范县), townships ``east`` and ``west``, a village in each
                      (``v_east``, ``v_west``), a household ``home`` in 东村, and ``users``: ``admin``, ``coord``
                      (county coordinator), ``east``, ``west`` (township coordinators), ``kids`` and ``elders``
                      (staff of the groups ``staff_groups`` names) and ``vol`` (a volunteer), every one with
                      the password :data:`PASSWORD`. ``make_user`` adds another (e.g. staff of your own group).
    ``staff_groups``  ``{"kids": group code, "elders": group code}``: by default the first two groups the app
                      registers; override the fixture in your conftest to name your own group.
    ``clock``         autouse: the time the test runs at. A test marked ``@pytest.mark.clock`` depends on the day
                      and runs twice, at the real time and from 23:30 UTC (07:30 the next day in China), so that
                      a server date taken for the local one fails at every hour; ``--at HH:MM`` runs every test
                      from that UTC time today.

Helpers: :func:`make_app` (an app of your own on ``migrated``, for settings that differ), :func:`make_place`,
:func:`make_user`, :func:`add_person`, :func:`empty_database`, :func:`statements` (the SQL a block sends).
"""
from __future__ import annotations

import copy
import os
from contextlib import contextmanager
from datetime import UTC, date, datetime
from functools import cache

import pytest

from . import workers

#: The password of every user the fixtures make.
PASSWORD = "correct-horse-1"

BACKENDS = ["sqlite", "postgresql"]

#: The UTC time at which the tests marked ``clock`` run a second time: 07:30 the next day in Beijing, so that a
#: test or a product line that takes the server's (UTC) date for the local one fails every day, not only after 16:00.
LATE_UTC = "23:30"


# --- options, markers, parameters -------------------------------------------------------------------------------

def pytest_addoption(parser):
    group = parser.getgroup("guanai", "Guanai portal tests (portal.testing)")
    group.addoption("--sqlite-only", action="store_true", help="run the database tests on SQLite only")
    group.addoption("--at", metavar="HH:MM", default=None,
                    help="run every test as if started at this UTC time today (the clock then runs on), "
                         "e.g. --at 23:30 to find tests that depend on the hour")


def pytest_configure(config):
    config.addinivalue_line("markers", "commits: the test commits for real (other connections, apps, threads or "
                                       "processes read what it writes); its tables are emptied after it")
    config.addinivalue_line("markers", "postgresql: the test is about what PostgreSQL alone has (index options, "
                                       "statistics); it runs on that backend only")
    config.addinivalue_line("markers", f"clock: the test depends on the day; it runs at the real time and again "
                                       f"from {LATE_UTC} UTC (the next morning in China)")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        only = metafunc.config.getoption("--sqlite-only")
        backends = ["sqlite"] if only else BACKENDS
        if metafunc.definition.get_closest_marker("postgresql"):
            backends = [b for b in backends if b == "postgresql"]
        metafunc.parametrize("backend", backends, scope="session")
    if metafunc.definition.get_closest_marker("clock") and not metafunc.config.getoption("--at"):
        metafunc.parametrize("clock", ["now", LATE_UTC], indirect=True)


# --- time ---------------------------------------------------------------------------------------------------------

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


# --- databases and apps -------------------------------------------------------------------------------------------

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
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
        return
    given = os.environ.get("GUANAI_TEST_POSTGRES_URL")
    if not given:
        raise RuntimeError("GUANAI_TEST_POSTGRES_URL is not set: give a PostgreSQL server's URL "
                           "(postgresql+psycopg://user@host:port/name; `make test` starts one), or pass --sqlite-only")
    url = workers.postgres_url(given)  # under pytest-xdist, one database per worker
    yield url
    workers.drop_postgres(given, url)


@pytest.fixture(scope="session")
def migrated(database_url):
    """Create the schema once per backend, through the migrations (as a deployment does)."""
    from flask_migrate import upgrade
    from sqlalchemy import text

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
    probe = union_all(*(select(literal(t.name).label("name")).where(select(literal(1)).select_from(t).exists())
                        for t in db.metadata.sorted_tables))
    return list(db.session.execute(probe).scalars())


@contextmanager
def rolled_back():
    """Run the body (in an app context) in one transaction of the app's database, rolled back at the end.

    SQLAlchemy 2.0's "join a session into an external transaction": the app's engine is replaced, for the body,
    by one connection in a transaction, and every session made meanwhile joins it with
    ``join_transaction_mode="create_savepoint"``, so that a commit releases a SAVEPOINT and a rollback goes back
    to it, as they would end a transaction of their own. SQLite's driver then leaves transactions to SQLAlchemy
    (its own would end at the first RELEASE). Code that opens connections of its own (``db.engine.begin()``:
    periodic claims, heartbeats), other apps and other processes do not see the test's rows: such tests are
    marked ``commits``.
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
    a test marked ``commits`` commits for real, and every table is emptied after it."""
    state = AppState(shared_app)
    try:
        with shared_app.app_context():
            if request.node.get_closest_marker("commits"):
                try:
                    yield shared_app
                finally:
                    empty_database()
            else:
                with rolled_back():
                    yield shared_app
                left = rows_left()
                if left:
                    empty_database()
                    pytest.fail(f"rows committed outside the test's transaction in {', '.join(left)}: mark the test "
                                f"@pytest.mark.commits", pytrace=False)
    finally:
        state.restore()


@pytest.fixture
def db_session(app):
    """The app's database session (``portal.extensions.db.session``), inside the test's transaction."""
    from portal.extensions import db
    return db.session


@pytest.fixture
def client(app):
    return app.test_client()


# --- people, places and sign-in -----------------------------------------------------------------------------------

@cache
def password_hash(password: str = PASSWORD) -> str:
    """A cheap hash of the password, made once per process, for the county's seven users in every test.

    The portal's own scrypt takes a good part of a second on a busy machine, for each of them and again at each
    sign-in; the sign-in still checks this hash through check_password_hash (which reads the method from the
    hash), and users made through the pages (admin, /join) still get the portal's scrypt.
    """
    from werkzeug.security import generate_password_hash
    return generate_password_hash(password, method="pbkdf2:sha256:1000")


def make_place(code, name, level, parent=None, lat=None, lon=None):
    """Add a place of the tree, with its path (flushed, not committed)."""
    from portal.extensions import db
    from portal.places.models import Place
    place = Place(code=code, name=name, level=level, parent=parent, lat=lat, lon=lon)
    db.session.add(place)
    db.session.flush()
    place.set_path()
    return place


def make_user(username, role, place=None, group=None, password=PASSWORD):
    """Add a user (flushed, not committed): ``role`` admin, coordinator, staff (of ``group``) or volunteer."""
    from portal.auth.models import User
    from portal.extensions import db
    user = User(username=username, display_name=username, role=role, place_id=place.id if place else None,
                group=group)
    user.password_hash = password_hash(password)
    db.session.add(user)
    db.session.flush()
    return user


def add_person(group, place, name="李小红", gender="F", birth=date(2016, 5, 1), category=None, **kw):
    """Add a person of ``group``'s ledger living in ``place``, committed (for tests that read, not create)."""
    from portal.extensions import db
    from portal.ledger.models import Beneficiary
    person = Beneficiary(group=group, name=name, gender=gender, birth_date=birth, place_id=place.id,
                         category=category, **kw)
    db.session.add(person)
    db.session.commit()
    return person


@pytest.fixture
def staff_groups(app) -> dict[str, str]:
    """The groups of the county's two staff users: the first two the app registers (a suite names its own)."""
    codes = list(app.extensions["guanai"].groups)
    return {"kids": codes[0], "elders": codes[min(1, len(codes) - 1)]}


@pytest.fixture
def county(app, staff_groups):
    """A county with two townships, a village in each, a household, and one user per role."""
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
                                         ("kids", "staff", root, staff_groups["kids"]),
                                         ("elders", "staff", root, staff_groups["elders"]),
                                         ("vol", "volunteer", None, None)]:
        users[username] = make_user(username, role, place, group)
    db.session.commit()
    return {"root": root, "east": east, "west": west, "v_east": v_east, "v_west": v_west, "home": home,
            "users": users}


@pytest.fixture
def login(client):
    """``login(username, password=PASSWORD)``: sign the test client in (signed out first); the sign-in response."""
    def sign_in(username, password=PASSWORD):
        client.post("/logout")
        return client.post("/login", data={"username": username, "password": password})
    return sign_in


@pytest.fixture
def login_as(login):
    """``login_as(user)`` or ``login_as("coord")``: sign the test client in as a user made with the test password
    (the county's, or one of :func:`make_user`), checking that the portal let them in."""
    def sign_in(user):
        username = user if isinstance(user, str) else user.username
        response = login(username)
        assert response.status_code == 302, f"{username} could not sign in ({response.status_code})"
        return response
    return sign_in


@contextmanager
def statements():
    """The SQL statements the database is sent inside the block (for tests of what a page reads)."""
    from sqlalchemy import event

    from portal.extensions import db
    seen = []

    def listen(conn, cursor, statement, params, context, many):
        # A test's transaction is a SAVEPOINT of the rolled-back one (rolled_back): like BEGIN, not a read.
        if not statement.startswith(("SAVEPOINT ", "RELEASE SAVEPOINT ", "ROLLBACK TO SAVEPOINT ")):
            seen.append(statement)
    engine = db.engine
    event.listen(engine, "before_cursor_execute", listen)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", listen)
