"""Each pytest-xdist worker's own services: its PostgreSQL database and its Redis database, never shared.

Without xdist (a plain ``pytest``) the URLs given by the environment are used as they are. Under xdist the
worker ``gw<n>`` uses the database ``<given name>_gw<n>`` on the given PostgreSQL server (dropped and created
when the worker starts, dropped when it ends) and the Redis database ``<given index> + n``. SQLite files live
under ``tmp_path``, which xdist already gives each worker apart.
"""
from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

#: Redis has 16 databases unless configured otherwise; each worker takes one.
REDIS_DATABASES = 16


def worker_name() -> str | None:
    """``gw0``, ``gw1`` ... in an xdist worker; None in a run that is not split."""
    return os.environ.get("PYTEST_XDIST_WORKER") or None


def worker_number() -> int:
    name = worker_name()
    return int(name[2:]) if name and name.startswith("gw") else 0


def _admin(url: str):
    """An engine on the given (existing) database, outside transactions: CREATE and DROP DATABASE need that."""
    return create_engine(url, isolation_level="AUTOCOMMIT", poolclass=NullPool)


def _drop(conn, name: str) -> None:
    # FORCE ends connections a test left open (an app not disposed, a killed worker process).
    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def postgres_url(given: str) -> str:
    """This worker's database on the server of ``given``, created empty; ``given`` itself without xdist."""
    worker = worker_name()
    if not worker:
        return given
    url = make_url(given)
    name = f"{url.database}_{worker}"
    engine = _admin(given)
    try:
        with engine.connect() as conn:
            _drop(conn, name)
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        engine.dispose()
    return url.set(database=name).render_as_string(hide_password=False)


def drop_postgres(given: str, used: str) -> None:
    """Drop this worker's database ``used`` (made by ``postgres_url``) at the end of the worker's run."""
    if used == given:
        return
    engine = _admin(given)
    try:
        with engine.connect() as conn:
            _drop(conn, make_url(used).database)
    finally:
        engine.dispose()


def redis_url(given: str) -> str:
    """``given`` with its database index moved on by the worker's number (``/0`` → ``/1`` for gw1)."""
    if not given or not worker_name():
        return given
    parts = urlsplit(given)
    index = int(parts.path.strip("/") or 0) + worker_number()
    if index >= REDIS_DATABASES:
        raise RuntimeError(f"worker {worker_name()} needs Redis database {index}: run fewer workers "
                           f"(at most {REDIS_DATABASES})")
    return urlunsplit(parts._replace(path=f"/{index}"))
