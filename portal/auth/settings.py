"""The sign-in's settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    Setting("GUANAI_LOGIN_MAX_FAILURES", 5, integer, "failures that lock one user name from one address"),
    Setting("GUANAI_LOGIN_WINDOW_MINUTES", 15, integer, "how long failures count"),
    # Beyond this many failures of one name from all addresses, one checked attempt per delay.
    Setting("GUANAI_LOGIN_NAME_SLOWDOWN_AFTER", 20, integer, "failures of a name from all addresses before it slows"),
    Setting("GUANAI_LOGIN_NAME_DELAY_SECONDS", 30, integer, "then one checked attempt per this many seconds"),
]
