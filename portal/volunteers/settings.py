"""The volunteers' settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    # Registrations checked per address and window (each tells whether a user name is taken).
    Setting("GUANAI_JOIN_MAX_TRIES", 10, integer, "registrations an address may try per window"),
    Setting("GUANAI_BACKGROUND_CHECK_VALID_DAYS", 365, integer, "how long a passed background check counts"),
]
