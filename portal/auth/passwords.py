"""What makes a password acceptable."""
from __future__ import annotations

from flask_babel import gettext as _


def password_problem(password: str) -> str | None:
    """Why a password is too weak, or None."""
    if len(password) < 8:
        return _("at least 8 characters")
    return None
