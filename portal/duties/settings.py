"""The duties' settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    Setting("GUANAI_DUTY_CACHE_SECONDS", 600, integer,
            "seconds the overdue list's counts, gaps and rows are kept for every worker and server (0: read on every "
            "view); built again at once when a visit, a contact, an owner, a person or a name changes them"),
    Setting("GUANAI_DUTY_FAMILY_SILENT_DAYS", 60, integer,
            "days without a contact after which an absent family is flagged as silent (001: monthly contact)"),
]
