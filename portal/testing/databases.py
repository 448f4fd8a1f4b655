"""The test databases and the app on them (portal.testing): SQLite and PostgreSQL, migrated once; one app per
backend and worker; each test in a transaction rolled back at its end, and what it changed on the app put back."""
from __future__ import annotations

import copy
import os
from contextlib import contextmanager

import pytest

from . import workers


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
