"""The import's settings (collected by ``portal.core.settings``; each is also an environment variable): what an
uploaded sheet may unpack to, hold and have in a cell (issue 26), read by ``sheets``."""
from ..core.settings import Setting, integer

SETTINGS = [
    Setting("GUANAI_IMPORT_MAX_UNPACKED_BYTES", 64 * 1024 * 1024, integer,
            "bytes an .xlsx may unpack to (its zip members inflated) before it is refused"),
    Setting("GUANAI_IMPORT_MAX_ROWS", 50_000, integer, "rows a sheet to import may have"),
    Setting("GUANAI_IMPORT_MAX_CELL_CHARS", 32_767, integer, "characters a cell may hold (Excel's own limit)"),
]
