"""Outreach's record a group plugin hands over: whom to tell about its people (guanai_get_family_contacts).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass

from ..core.records import Named


@dataclass(frozen=True)
class FamilyContact(Named):
    """Whom outreach tells about a person of a group, and where their number is (seeds 003, 001: the absent
    parents of a child, the husband away of a woman, a child's guardian).

    ``code`` names the relation (``parents``); ``phone`` is the profile field holding the number and
    ``name_field`` the field holding their name, if any; ``name`` (from ``names``) is the relation in words. ``counts_as_contact`` says that telling them counts as contact with the
    absent family (001: monthly contact), which the ``guanai_on_family_told`` event carries.
    """

    code: str
    group: str
    names: dict[str, str]
    phone: str
    name_field: str | None = None
    counts_as_contact: bool = True

    @property
    def key(self) -> str:
        return f"{self.group}.{self.code}"
