"""The assistance register's records a plugin hands over: programmes and hints of who is likely eligible
(guanai_get_assistance_programmes, guanai_get_assistance_hints). Re-exported by ``portal.plugin``."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.records import Named


@dataclass(frozen=True)
class AssistanceProgramme(Named):
    """A social-assistance programme a person or household may receive (低保, 临时救助, 春蕾计划 ..., 003, 002)."""

    code: str
    names: dict[str, str]
    source: str = ""
    order: int = 50


@dataclass(frozen=True)
class AssistanceHint(Named):
    """Why someone is likely eligible for a programme they have not applied for.

    ``condition(today)`` returns a SQL condition on ``Beneficiary`` (the plugin may look into its profile);
    ``names`` say why, in words; ``group`` limits it to one group's people (None: everyone).
    """

    programme: str
    names: dict[str, str]
    condition: Callable[[Any], Any]
    group: str | None = None
