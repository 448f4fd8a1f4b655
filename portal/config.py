"""Configuration from the environment, with safe defaults (SQLite in instance/, Chinese first)."""
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
        "GUANAI_LOGIN_MAX_FAILURES": int(env.get("GUANAI_LOGIN_MAX_FAILURES", "5")),
        "GUANAI_LOGIN_WINDOW_MINUTES": int(env.get("GUANAI_LOGIN_WINDOW_MINUTES", "15")),
        # Beyond this many failures of one name from all addresses, one checked attempt per delay.
        "GUANAI_LOGIN_NAME_SLOWDOWN_AFTER": int(env.get("GUANAI_LOGIN_NAME_SLOWDOWN_AFTER", "20")),
        "GUANAI_LOGIN_NAME_DELAY_SECONDS": int(env.get("GUANAI_LOGIN_NAME_DELAY_SECONDS", "30")),
        # Registrations checked per address and window (each tells whether a user name is taken).
        "GUANAI_JOIN_MAX_TRIES": int(env.get("GUANAI_JOIN_MAX_TRIES", "10")),
        "SESSION_COOKIE_SECURE": env.get("GUANAI_SECURE_COOKIES", "") == "1",
        # Proxies in front that set X-Forwarded-For/-Proto: throttling needs the real client address.
        "GUANAI_TRUSTED_PROXIES": int(env.get("GUANAI_TRUSTED_PROXIES", "0")),
        # Times are stored in UTC and shown and entered in this zone (an IANA name).
        "GUANAI_TIMEZONE": env.get("GUANAI_TIMEZONE", "Asia/Shanghai"),
        # Uploaded evidence (visit photos) lives here, never under the static files.
        "GUANAI_UPLOAD_DIR": env.get("GUANAI_UPLOAD_DIR") or os.path.join(instance_path, "uploads"),
        "GUANAI_UPLOAD_MAX_BYTES": int(env.get("GUANAI_UPLOAD_MAX_BYTES", str(8 * 1024 * 1024))),
        "GUANAI_VISIT_REMIND_DAYS": int(env.get("GUANAI_VISIT_REMIND_DAYS", "3")),
        # The task queue: empty for SQLite in instance/queue.sqlite, or redis://host:6379/0 for several machines.
        "GUANAI_QUEUE_URL": env.get("GUANAI_QUEUE_URL", ""),
        "GUANAI_QUEUE_NAME": env.get("GUANAI_QUEUE_NAME", "guanai"),  # several portals may share one Redis
        # A running match run whose worker sent no heartbeat for this long is queued again (once), then failed.
        "GUANAI_RUN_LEASE_SECONDS": int(env.get("GUANAI_RUN_LEASE_SECONDS", "60")),
        "GUANAI_BACKGROUND_CHECK_VALID_DAYS": int(env.get("GUANAI_BACKGROUND_CHECK_VALID_DAYS", "365")),
        # Email is off until a host is set.
        "GUANAI_SMTP_HOST": env.get("GUANAI_SMTP_HOST", ""),
        "GUANAI_SMTP_PORT": int(env.get("GUANAI_SMTP_PORT", "25")),
        "GUANAI_SMTP_USER": env.get("GUANAI_SMTP_USER", ""),
        "GUANAI_SMTP_PASSWORD": env.get("GUANAI_SMTP_PASSWORD", ""),
        "GUANAI_SMTP_STARTTLS": env.get("GUANAI_SMTP_STARTTLS", "") == "1",
        "GUANAI_SMTP_FROM": env.get("GUANAI_SMTP_FROM", "guanai@localhost"),
        # Links in emails: the portal's address as people reach it.
        "GUANAI_BASE_URL": env.get("GUANAI_BASE_URL", "http://127.0.0.1:5000"),
        # An incident step still open this long after its first escalation goes on to the county.
        "GUANAI_INCIDENT_ESCALATE_AGAIN_MINUTES": int(env.get("GUANAI_INCIDENT_ESCALATE_AGAIN_MINUTES", "60")),
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
