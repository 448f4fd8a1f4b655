"""What every record a plugin hands over shares: names in Chinese and English, and a service's key.

Kept in the core so that the plugin API (``portal.plugin.records``) and the features' own records (a feature's
``records.py``) build on it without importing each other.
"""
from __future__ import annotations

from .texts import pick


def service_key(group: str, code: str) -> str:
    """A service's identity everywhere (database, URLs, match runs): its group and its code."""
    return f"{group}.{code}"


class Named:
    """A record with ``names`` in Chinese and English; ``name`` reads in the current language."""

    names: dict[str, str]

    @property
    def name(self) -> str:
        return pick(self.names)
