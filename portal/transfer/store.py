"""Uploads kept between preview and commit, as their parsed rows: in instance/imports/, under a random token
tied to the user.

A sheet is parsed once, when it is uploaded (within the limits of ``sheets``); the preview, each fix of the
column mapping and the commit read the rows kept here (JSON, dates and times tagged), never the file again
(issue 26: every preview page and the commit parsed the whole file anew). The form carries only the token;
the path is built here from the user's id and a token of our own making, so no path from a request is ever
opened.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import time
import zlib
from datetime import date, datetime, timedelta
from datetime import time as clock
from typing import Any

from flask import current_app

#: Uploads older than this are removed when the next one is stored.
KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


def _folder() -> str:
    folder = os.path.join(current_app.instance_path, "imports")
    os.makedirs(folder, exist_ok=True)
    return folder


def _path(user_id: int, token: str, suffix: str) -> str:
    return os.path.join(_folder(), f"{int(user_id)}-{token}{suffix}")


def _tagged(value: Any) -> Any:
    """A cell as JSON: dates, times and durations tagged, so that they come back as they were read."""
    if isinstance(value, datetime):
        return {"$dt": value.isoformat()}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if isinstance(value, clock):
        return {"$t": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$td": value.total_seconds()}
    return value


def _untagged(obj: dict) -> Any:
    for tag, read in (("$dt", datetime.fromisoformat), ("$d", date.fromisoformat), ("$t", clock.fromisoformat),
                      ("$td", lambda s: timedelta(seconds=s))):
        if tag in obj and len(obj) == 1:
            return read(obj[tag])
    return obj


def keep(user_id: int, filename: str, rows: list[list[Any]]) -> str:
    """Store the parsed rows of an upload for this user; return its token."""
    _forget_old()
    token = secrets.token_urlsafe(24)
    with open(_path(user_id, token, ".rows.json"), "w", encoding="utf-8") as out:
        json.dump([[_tagged(v) for v in row] for row in rows], out, ensure_ascii=False)
    with open(_path(user_id, token, ".json"), "w", encoding="utf-8") as out:
        json.dump({"filename": os.path.basename(filename)[:200]}, out)
    return token


def load(user_id: int, token: str) -> tuple[str, list[list[Any]]] | None:
    """The stored upload (file name, parsed rows) of this user and token, or None."""
    if not token or not _TOKEN.match(token):
        return None
    try:
        with open(_path(user_id, token, ".json"), encoding="utf-8") as meta, \
                open(_path(user_id, token, ".rows.json"), encoding="utf-8") as data:
            return json.load(meta)["filename"], json.load(data, object_hook=_untagged)
    except (OSError, ValueError, KeyError):
        return None


def exists(user_id: int, token: str) -> bool:
    """Whether this user's upload ``token`` is still kept (without reading its rows)."""
    return bool(token and _TOKEN.match(token)) and os.path.exists(_path(user_id, token, ".rows.json"))


def pack(rows: list[list[Any]]) -> bytes:
    """Kept rows as bytes for the database (an import job's sheet, read by a worker on any machine): the same
    tagged JSON, compressed."""
    text = json.dumps([[_tagged(v) for v in row] for row in rows], ensure_ascii=False)
    return zlib.compress(text.encode("utf-8"), 6)


def unpack(data: bytes) -> list[list[Any]]:
    """The rows :func:`pack` made, as they were read."""
    return json.loads(zlib.decompress(data).decode("utf-8"), object_hook=_untagged)


def drop(user_id: int, token: str) -> None:
    if token and _TOKEN.match(token):
        for suffix in (".rows.json", ".json"):
            try:
                os.remove(_path(user_id, token, suffix))
            except OSError:
                pass


def _forget_old() -> None:
    limit = time.time() - KEEP_SECONDS
    for name in os.listdir(_folder()):
        path = os.path.join(_folder(), name)
        try:
            if os.path.getmtime(path) < limit:
                os.remove(path)
        except OSError:
            pass
