"""Shared machinery every feature uses: the database base, time, translated texts, audit, scoping, the queue."""
