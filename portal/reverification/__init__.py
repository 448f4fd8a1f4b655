"""Re-verification cycles: the ledger checked person by person at the times the seeds fix (001, 003, 004)."""
