"""Uploaded files kept between preview and commit: in instance/imports/, under a random token tied to the user.

The form carries only the token; the path is built here from the user's id and a token of our own making, so
no path from a request is ever opened.
"""
from __future__ import annotations

import json
import os
import re
import secrets
import time

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


def keep(user_id: int, filename: str, content: bytes) -> str:
    """Store an upload for this user; return its token."""
    _forget_old()
    token = secrets.token_urlsafe(24)
    with open(_path(user_id, token, ".bin"), "wb") as out:
        out.write(content)
    with open(_path(user_id, token, ".json"), "w", encoding="utf-8") as out:
        json.dump({"filename": os.path.basename(filename)[:200]}, out)
    return token


def load(user_id: int, token: str) -> tuple[str, bytes] | None:
    """The stored upload (file name, content) of this user and token, or None."""
    if not token or not _TOKEN.match(token):
        return None
    try:
        with open(_path(user_id, token, ".json"), encoding="utf-8") as meta, \
                open(_path(user_id, token, ".bin"), "rb") as data:
            return json.load(meta)["filename"], data.read()
    except (OSError, ValueError, KeyError):
        return None


def drop(user_id: int, token: str) -> None:
    if token and _TOKEN.match(token):
        for suffix in (".bin", ".json"):
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
