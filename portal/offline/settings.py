"""The offline feature's settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    # Issue 31, "Privacy on a shared phone": the day kept on a phone expires after this many days.
    Setting("GUANAI_OFFLINE_DAYS", 7, integer, "days a helper's day kept on a phone stays usable offline"),
    Setting("GUANAI_OFFLINE_RECEIPT_DAYS", 90, integer,
            "days the receipt of an item sent from a phone is kept, so that a retry after a lost answer makes no "
            "double; older receipts are deleted by the daily sweep"),
]
