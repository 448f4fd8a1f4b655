"""Outreach's record a group plugin hands over: whom to tell about its people (guanai_get_family_contacts).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable

from ..core.records import Named


@dataclass(frozen=True)
class FamilyContact(Named):
    """Whom outreach tells about a person of a group, and where their number is (seeds 003, 001: the absent
    parents of a child, the husband away of a woman, a child's guardian).

    ``code`` names the relation (``parents``); ``phone`` is the profile field holding the number and
    ``name_field`` the field holding their name, if any; ``name`` (from ``names``) is the relation in words. ``counts_as_contact`` says that telling them counts as contact with the
    absent family (001: monthly contact), which the ``guanai_on_family_told`` event carries.

    ``unreachable(person, profile)`` says why this relation cannot be told about one person (the parents of an
    orphan are dead: seed 004, 孤儿), in words, or None when it can be; a message for that relation then goes to the
    relation ``instead`` names (the guardian) when the profile gives them a name or a number, and otherwise to
    nobody, the reason listed on the message's page (issue 30; both fields since PLUGIN_API 9).
    """

    code: str
    group: str
    names: dict[str, str]
    phone: str
    name_field: str | None = None
    counts_as_contact: bool = True
    unreachable: Callable[[Any, Any], Any] | None = None
    instead: str | None = None

    @property
    def key(self) -> str:
        return f"{self.group}.{self.code}"
