"""The reports' settings (collected by ``portal.core.settings``; each is also an environment variable)."""
from ..core.settings import Setting, integer

SETTINGS = [
    Setting("GUANAI_REPORT_CACHE_SECONDS", 600, integer,
            "seconds a report page's figures are kept for every worker and server (0: built on every view); "
            "forgotten at once when data they are read from changes"),
    Setting("GUANAI_REPORT_QUEUE_PEOPLE", 3000, integer,
            "beyond this many people in an area, its report page and print layout are built on the worker (the page "
            "follows the build and shows it when ready) rather than in the request; 0: always in the request"),
    Setting("GUANAI_REPORT_BUILD_SECONDS", 900, integer,
            "seconds a report build on the worker may take before another view may start it again (a worker that "
            "died)"),
    Setting("GUANAI_REPORT_TABLE_ROWS", 40, integer,
            "rows of each report table shown on the page; a longer table (a county's villages) opens whole "
            "on its own page"),
]
