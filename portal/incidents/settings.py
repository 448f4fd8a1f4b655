"""The incidents' settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    # An incident step still open this long after its first escalation goes on to the county.
    Setting("GUANAI_INCIDENT_ESCALATE_AGAIN_MINUTES", 60, integer, "minutes before an escalation goes to the county"),
]
