"""The guardianship feature's record a group plugin hands over (guanai_get_guardianship_rules).

Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class GuardianshipRules:
    """Where a group keeps a person's guardian, so that guardianship (portal/guardianship) reads it there.

    The guardian is not recorded twice: ``name``, ``relation`` and ``phone`` name the attributes of the group's
    profile model (``Group.profile_model``) holding the guardian's name, relation and phone (``relation`` and
    ``phone`` may be empty). A letter (监护责任书) is signed by the guardian the ledger names on the day; when the
    ledger's guardian changes, the person needs a new letter. ``training_yearly`` lists people whose guardian
    attended no training (家长学校) this calendar year.
    """

    group: str
    name: str = "guardian_name"
    relation: str = ""
    phone: str = ""
    training_yearly: bool = True
    source: str = ""
