"""Time is UTC inside and local outside: conversions to and from the deployment's time zone."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context

DEFAULT_TIMEZONE = "Asia/Shanghai"


def utcnow() -> datetime:
    """Now in UTC, without tzinfo (stored the same way on SQLite and PostgreSQL)."""
    return datetime.now(UTC).replace(tzinfo=None)


def local_zone() -> ZoneInfo:
    """The deployment's time zone (``GUANAI_TIMEZONE``), in which times are shown and entered."""
    name = current_app.config.get("GUANAI_TIMEZONE", DEFAULT_TIMEZONE) if has_app_context() else DEFAULT_TIMEZONE
    return ZoneInfo(name)


def to_local(moment: datetime | None) -> datetime | None:
    """A stored (naive UTC) time as a naive local time, for showing and for form fields."""
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC).astimezone(local_zone()).replace(tzinfo=None)


def from_local(moment: datetime | None) -> datetime | None:
    """A naive local time, as typed in a form, as the naive UTC time to store."""
    if moment is None:
        return None
    return moment.replace(tzinfo=local_zone()).astimezone(UTC).replace(tzinfo=None)


def local_now() -> datetime:
    """Now in the deployment's time zone, naive."""
    return to_local(utcnow())


def local_today() -> date:
    """Today's date where the portal is used (not where the server's clock is)."""
    return local_now().date()


def format_local(moment: datetime | None, pattern: str = "%Y-%m-%d %H:%M") -> str:
    """A stored time written in local time; empty for none."""
    local = to_local(moment)
    return local.strftime(pattern) if local else ""


def years_before(day: date, years: int) -> date:
    """The same day ``years`` earlier (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def months_between(start: date, end: date) -> int:
    """Whole months from ``start`` to ``end``."""
    return (end.year - start.year) * 12 + end.month - start.month - (end.day < start.day)
