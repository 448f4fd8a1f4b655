"""The ledger (台账, 一人一档): households and people of every group, their records, pages and ID-card numbers."""
