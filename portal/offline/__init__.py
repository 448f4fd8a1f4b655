"""Offline (issue 31): a helper's own day kept on a phone, and what they wrote without a signal received once.

The phone (``static/``: service worker, IndexedDB, outbox) reads ``GET /offline/day.json`` and sends each waiting
item to ``POST /offline/items/<kind>`` with an idempotency key; the kinds (a visit, a follow-up done, a knock round,
an incident, a health reading) are handed over by their own features through ``guanai_get_offline_kinds``. This
package names no feature: see README.md.
"""
