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

They live in ``clock.py`` (the time), ``databases.py`` (databases, the app, the rolled-back transaction) and
``people.py`` (the county, its users, sign-in); import them from ``portal.testing``.
"""
from __future__ import annotations

# The plugin's fixtures and helpers, by what they are about; pytest finds the fixtures among this module's names.
from .clock import LATE_UTC, clock, utc_time_today
from .databases import (AppState, app, client, database_url, db_session, empty_database, make_app, migrated,
                        private_queue_file, rolled_back, rows_left, shared_app, statements)
from .people import PASSWORD, add_person, county, login, login_as, make_place, make_user, password_hash, staff_groups

__all__ = ["LATE_UTC", "PASSWORD", "AppState", "add_person", "app", "client", "clock", "county", "database_url",
           "db_session", "empty_database", "login", "login_as", "make_app", "make_place", "make_user", "migrated",
           "password_hash", "private_queue_file", "rolled_back", "rows_left", "shared_app", "staff_groups",
           "statements", "utc_time_today"]

BACKENDS = ["sqlite", "postgresql"]


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
