"""The suite's own pieces around the fixtures of ``portal.testing`` (the pytest plugin that plugin authors use
too: app, client, county, login, login_as, db_session, the clock and commits markers; see its docstring)."""
from __future__ import annotations

import pathlib
import sys

import pytest

# The fixtures are those of the plugin ``portal.testing`` (entry point pytest11); named here as well, so that a
# checkout whose venv predates the entry point still has them (pytest registers the module once).
pytest_plugins = ["portal.testing"]
pytest.register_assert_rewrite("portal.testing")  # its asserts (login_as) explain themselves as a test's do

# Names the suite's modules import from here (``from .conftest import make_app``); defined in portal.testing.
from portal.testing import (  # noqa: E402,F401
    BACKENDS,
    LATE_UTC,
    PASSWORD,
    AppState,
    add_person,
    empty_database,
    make_app,
    make_place,
    make_user,
    password_hash,
    rolled_back,
    rows_left,
    statements,
    utc_time_today,
    workers,
)

# The fourth-group package is installed beside the venv by `make test-plugins`, for the tests only. The
# engine's tests (tests/matching) need neither it nor a database: the portal is imported only by fixtures.
TEST_PLUGINS = pathlib.Path(__file__).resolve().parents[1] / ".test-plugins"
if str(TEST_PLUGINS) not in sys.path:
    sys.path.insert(0, str(TEST_PLUGINS))

BROWSER_TESTS = pathlib.Path(__file__).resolve().parent / "browser"


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the marks
def pytest_collection_modifyitems(items):
    # Under `-n` (--dist loadgroup) the browser tests share one worker: one Chromium, each module's portal built once.
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.xdist_group("browser"))


@pytest.fixture(scope="session")
def database_url(database_url):
    """portal.testing's database, once the separately packaged group (tests/hardship_plugin) is installed: its
    migrations run too."""
    if not TEST_PLUGINS.is_dir():
        raise RuntimeError("tests need the fourth-group package: run `make test-plugins` (or `make test`)")
    return database_url


@pytest.fixture
def area_cache(app):
    """The per-area store of kept values (``portal.core.cache``) switched on, as outside tests, and emptied."""
    from portal.core import cache
    app.config.update(GUANAI_AREA_CACHE_IN_TESTS=True, GUANAI_AREA_CACHE_SECONDS=60)
    cache.clear()
    yield cache
    cache.clear()


@pytest.fixture
def staff_groups() -> dict[str, str]:
    """The county's staff users of this suite: ``kids`` of the children's group, ``elders`` of the elders'."""
    return {"kids": "children", "elders": "elderly"}
