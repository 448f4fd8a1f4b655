"""Configuration from the environment, with safe defaults (SQLite in instance/, Chinese first).

Only what the core reads is here; a feature declares its own settings in its ``settings.py`` (``SETTINGS``, a list
of :class:`portal.core.settings.Setting`), collected when an app is created."""
from __future__ import annotations

import os
import secrets


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def from_environment(instance_path: str) -> dict:
    """Return the settings read from GUANAI_* and a few conventional variables."""
    env = os.environ
    database = env.get("DATABASE_URL") or f"sqlite:///{os.path.join(instance_path, 'guanai.sqlite')}"
    if database.startswith("postgres://"):  # the form some hosts hand out
        database = "postgresql+psycopg://" + database[len("postgres://"):]
    elif database.startswith("postgresql://"):
        database = "postgresql+psycopg://" + database[len("postgresql://"):]
    return {
        # A random key per process is safe but logs everyone out on restart: deployments set SECRET_KEY.
        "SECRET_KEY": env.get("SECRET_KEY") or secrets.token_hex(32),
        "SECRET_KEY_GIVEN": bool(env.get("SECRET_KEY")),
        # "production" refuses to start without SECRET_KEY.
        "GUANAI_ENV": env.get("GUANAI_ENV", "development"),
        "SQLALCHEMY_DATABASE_URI": database,
        "GUANAI_DISABLED_PLUGINS": _list(env.get("GUANAI_DISABLED_PLUGINS")),
        "BABEL_DEFAULT_LOCALE": env.get("GUANAI_DEFAULT_LOCALE", "zh"),
        "GUANAI_PAGE_SIZE": int(env.get("GUANAI_PAGE_SIZE", "25")),
        "SESSION_COOKIE_SECURE": env.get("GUANAI_SECURE_COOKIES", "") == "1",
        # Proxies in front that set X-Forwarded-For/-Proto: throttling needs the real client address.
        "GUANAI_TRUSTED_PROXIES": int(env.get("GUANAI_TRUSTED_PROXIES", "0")),
        # Times are stored in UTC and shown and entered in this zone (an IANA name).
        "GUANAI_TIMEZONE": env.get("GUANAI_TIMEZONE", "Asia/Shanghai"),
        # Uploaded evidence (visit photos) lives here, never under the static files.
        "GUANAI_UPLOAD_DIR": env.get("GUANAI_UPLOAD_DIR") or os.path.join(instance_path, "uploads"),
        "GUANAI_UPLOAD_MAX_BYTES": int(env.get("GUANAI_UPLOAD_MAX_BYTES", str(8 * 1024 * 1024))),
        # No request body may be larger (issue 26): a 413 page names the limit before the body is read; a view
        # that takes more (the visit form's photos) declares its own (portal/web/uploads.py).
        "MAX_CONTENT_LENGTH": int(float(env.get("GUANAI_MAX_REQUEST_MB", "16")) * 1024 * 1024),
        # The task queue: empty for SQLite in instance/queue.sqlite, or redis://host:6379/0 for several machines.
        "GUANAI_QUEUE_URL": env.get("GUANAI_QUEUE_URL", ""),
        "GUANAI_QUEUE_NAME": env.get("GUANAI_QUEUE_NAME", "guanai"),  # several portals may share one Redis
        # Dashboard figures kept per area this long (0: computed on every visit; tests default to 0).
        "GUANAI_AREA_CACHE_SECONDS": int(env.get("GUANAI_AREA_CACHE_SECONDS", "60")),
    }


DEFAULTS = {
    "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "LANGUAGES": {"zh": "中文", "en": "English"},
    # Roles allowed to read whole ID-card numbers; everyone else sees them masked (domain.md, privacy).
    "GUANAI_ID_NUMBER_ROLES": ["admin", "coordinator"],
    # Roles that see the region code of a number; every other role only learns that one is recorded.
    "GUANAI_ID_NUMBER_PARTIAL_ROLES": ["staff"],
    # Per-group policy overrides, {group code: {setting: value}}; each plugin documents its settings.
    "GUANAI_GROUP_SETTINGS": {},
}
