"""Re-verification's settings, documented in its README; each is also an environment variable (before issue 26
they were read only from the app's configuration, so the variables the README named had no effect)."""
from ..core.settings import Setting, integer, json_value

SETTINGS = [
    # {"quarterly": [3, 6, 9, 12], ...}: the months each kind of cycle runs in; a kind not given keeps its default.
    Setting("GUANAI_REVERIFY_MONTHS", {}, json_value, "JSON: the months each kind of cycle runs in"),
    Setting("GUANAI_REVERIFY_REMIND_DAYS", 7, integer, "days before a cycle's due date its area is reminded"),
]
