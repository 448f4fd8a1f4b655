"""The match runs' settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    # A running match run whose worker sent no heartbeat for this long is queued again (once), then failed.
    Setting("GUANAI_RUN_LEASE_SECONDS", 60, integer, "a running match run with no heartbeat for this long lost its worker"),
    # Issue 27: a helper of minors whose background check is pending or expired has their pairings suspended
    # this many days after the daily sweep first found it.
    Setting("GUANAI_CHECK_GRACE_DAYS", 30, integer, "days between a lapsed check being found and the pairings suspended"),
    # Issue 27: a re-run reuses its parent's stored instance while the parent is proposed and this recent.
    Setting("GUANAI_RERUN_REUSE_MINUTES", 30, integer, "a re-run reuses its parent's instance while it is this recent"),
]
