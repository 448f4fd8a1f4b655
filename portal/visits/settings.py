"""The visits' settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    Setting("GUANAI_VISIT_REMIND_DAYS", 3, integer, "days before a visit is due that its helper is reminded"),
    Setting("GUANAI_PHOTO_MAX_PIXELS", 50_000_000, integer,
            "pixels a visit photo's header may claim (issue 26: a 144-megapixel PNG is a few hundred KB)"),
]
