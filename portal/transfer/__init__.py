"""Import the township's own spreadsheets into the ledger, and export every list to a spreadsheet (issue 16)."""
from . import cells  # noqa: F401  (plugins read their import columns with these parsers: portal.plugin.cells)
