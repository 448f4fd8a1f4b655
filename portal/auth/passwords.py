"""What makes a password acceptable, and checking one in the same time whether or not the user exists."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from ..web.access import STAFF

MIN_LENGTH = 8
#: Roles that see other people's records (``STAFF``) need longer passwords than volunteers.
STAFF_MIN_LENGTH = 10


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """The passwords guessed first (shipped with the package, one a line, lower case)."""
    text = (Path(__file__).parent / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip() and not line.startswith("#"))


def password_problem(password: str, username: str | None = None, role: str | None = None) -> str | None:
    """Why a password is too weak for this user name and role, or None."""
    least = STAFF_MIN_LENGTH if role in STAFF else MIN_LENGTH
    if len(password) < least:
        return _("at least %(n)d characters", n=least)
    lowered = password.lower()
    if username and username.lower() in lowered:
        return _("must not contain the user name")
    if lowered in common_passwords() or len(set(password)) < 4:
        return _("too common: it is among the first passwords anyone tries")
    return None


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return generate_password_hash("guanai: no such user")


def verify(user, password: str) -> bool:
    """Whether ``password`` is ``user``'s; an unknown user (None) costs the same hashing, so that the time
    taken does not tell real user names from unknown ones."""
    if user is None:
        check_password_hash(_dummy_hash(), password)
        return False
    return check_password_hash(user.password_hash, password)
