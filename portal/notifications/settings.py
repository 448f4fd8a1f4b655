"""The notifications' settings: email (off until a host is set) and the portal's address for links in emails."""
from ..core.settings import Setting, flag, integer

SETTINGS = [
    Setting("GUANAI_SMTP_HOST", ""),
    Setting("GUANAI_SMTP_PORT", 25, integer),
    Setting("GUANAI_SMTP_USER", ""),
    Setting("GUANAI_SMTP_PASSWORD", ""),
    Setting("GUANAI_SMTP_STARTTLS", False, flag, "1 for STARTTLS"),
    Setting("GUANAI_SMTP_FROM", "guanai@localhost"),
    # Links in emails: the portal's address as people reach it.
    Setting("GUANAI_BASE_URL", "http://127.0.0.1:5000"),
]
