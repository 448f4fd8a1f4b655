"""Background work's settings (collected by ``portal.core.settings``; each also an environment variable):
how long the files made on the queue are kept (issue 32), when a job with no progress counts as failed."""
from ..core.settings import Setting, integer

SETTINGS = [
    Setting("GUANAI_FILE_KEEP_HOURS", 24, integer,
            "hours a file made on the queue (a PDF, an export) is kept for its owner before it is deleted"),
    Setting("GUANAI_EXPORT_QUEUE_ROWS", 5_000, integer,
            "rows (people, for a report) beyond which an export (.xlsx, .csv) or a report's PDF or workbook is made "
            "on the queue, with a progress bar and a download link, rather than in the request"),
    Setting("GUANAI_FILE_STALE_MINUTES", 30, integer,
            "minutes without progress after which a file job counts as failed (its worker died)"),
]
