"""The match runs' settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    # A running match run whose worker sent no heartbeat for this long is queued again (once), then failed.
    Setting("GUANAI_RUN_LEASE_SECONDS", 60, integer, "a running match run with no heartbeat for this long lost its worker"),
]
