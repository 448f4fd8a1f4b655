"""Who sees which receipts: each user their own (administrators all)."""
from __future__ import annotations

from sqlalchemy import true

from .models import OfflineReceipt


def visible_receipts(user):
    return true() if user.role == "admin" else OfflineReceipt.user_id == user.id
