"""The one place a user-given ``next`` becomes a redirect: only to a path on this site, else a default."""
from __future__ import annotations

from urllib.parse import urlsplit


def is_local_path(target: str) -> bool:
    """Whether ``target`` is a path on this site that every browser reads the same way.

    Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so ``/\\t/evil.example``
    and ``/\\evil.example`` lead off-site: any control character, space or backslash is refused outright
    (a newline would also break the Location header).
    """
    if not target.startswith("/") or target.startswith("//"):
        return False
    if any(ord(c) < 33 or ord(c) == 127 or c == "\\" for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(target: str | None, default: str) -> str:
    """``target`` when it is a local path, else ``default``."""
    return target if target and is_local_path(target) else default
