"""Outreach's settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, flag

SETTINGS = [
    # The example SMS channel: texts are written to the log instead of sent (a provider plugin's channel wins).
    Setting("GUANAI_OUTREACH_LOG_SMS", False, flag, "log outreach texts instead of sending them (the example channel)"),
]
