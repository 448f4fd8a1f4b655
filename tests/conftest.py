"""Fixtures: the app on a real database (SQLite and PostgreSQL), a small county, users and sign-in."""
from __future__ import annotations

import os
import pathlib
import sys

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


def pytest_addoption(parser):
    parser.addoption("--sqlite-only", action="store_true", help="run the database tests on SQLite only")


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames:
        only = metafunc.config.getoption("--sqlite-only")
        metafunc.parametrize("backend", ["sqlite"] if only else BACKENDS, scope="session")


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks
def pytest_collection_modifyitems(items):
    # Under `-n` (--dist loadgroup) the browser tests share one worker: one Chromium, each module's portal built once.
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


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


@pytest.fixture
def app(migrated):
    app = make_app(migrated, GUANAI_PAGE_SIZE=5)
    with app.app_context():
        yield app
        empty_database()


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
