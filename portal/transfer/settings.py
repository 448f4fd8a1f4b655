"""The import's settings (collected by ``portal.core.settings``; each is also an environment variable): what an
uploaded sheet may unpack to, hold and have in a cell (issue 26), read by ``sheets``; how large a sheet is
committed on the queue (issue 32), read by ``views``."""
from ..core.settings import Setting, integer

SETTINGS = [
    Setting("GUANAI_IMPORT_MAX_UNPACKED_BYTES", 64 * 1024 * 1024, integer,
            "bytes an .xlsx may unpack to (its zip members inflated) before it is refused"),
    Setting("GUANAI_IMPORT_MAX_ROWS", 50_000, integer, "rows a sheet to import may have"),
    Setting("GUANAI_IMPORT_MAX_CELL_CHARS", 32_767, integer, "characters a cell may hold (Excel's own limit)"),
    Setting("GUANAI_IMPORT_QUEUE_ROWS", 1_000, integer,
            "rows of a sheet beyond which its import is committed on the queue (a worker writes it, a page shows how "
            "far it is) rather than in the request"),
]
