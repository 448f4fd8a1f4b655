"""The visits' settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    Setting("GUANAI_VISIT_REMIND_DAYS", 3, integer, "days before a visit is due that its helper is reminded"),
]
