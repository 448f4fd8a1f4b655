"""The time a test runs at (portal.testing): the real one, or a late UTC hour of today for the tests marked
``clock`` (and every test under ``--at``)."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

#: The UTC time at which the tests marked ``clock`` run a second time: 07:30 the next day in Beijing, so that a
#: test or a product line that takes the server's (UTC) date for the local one fails every day, not only after 16:00.
LATE_UTC = "23:30"


def utc_time_today(hhmm: str) -> datetime:
    """Today's date (UTC) at ``hhmm`` UTC, as an aware datetime."""
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime.now(UTC).replace(hour=hour, minute=minute, second=0, microsecond=0)


@pytest.fixture(autouse=True)
def clock(request):
    """The time the test runs at: the real one, or (tests marked ``clock``, and every test under ``--at``) a
    late UTC hour of today, set before any other fixture of the test runs; time then goes on (``tick``), so
    that timeouts and leases behave. Yields the start as an aware UTC datetime, or None for the real time."""
    at = request.config.getoption("--at") or getattr(request, "param", "now")
    if at == "now":
        yield None
        return
    import time_machine
    start = utc_time_today(at)
    with time_machine.travel(start, tick=True):
        yield start
