"""The cards' record a group plugin hands over: a card it prints for its people (guanai_get_card_types).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.records import Named


@dataclass(frozen=True)
class CardType(Named):
    """A card a group plugin prints for some of its people (the lost-elder card, 防走失卡).

    ``template`` is a Jinja template the plugin ships (through a blueprint's template folder); it is
    rendered with ``person``, ``profile`` and what ``context(person, profile)`` returns. ``wanted(person,
    profile)`` says who gets the card in a batch. ``size`` is one of the sheet sizes of the cards feature:
    ``wallet`` (85.6 x 54 mm), ``medium`` (90 x 60 mm) or ``tall`` (90 x 130 mm).
    """

    code: str
    group: str
    names: dict[str, str]
    template: str
    wanted: Callable[[Any, Any], bool]
    context: Callable[[Any, Any], dict[str, Any]] = lambda person, profile: {}
    size: str = "wallet"

    @property
    def key(self) -> str:
        return f"{self.group}.{self.code}"
