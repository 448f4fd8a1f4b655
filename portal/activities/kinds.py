"""What staff may hold an activity for (issue 27): every service of their group, and the general kinds every
group holds (a safety talk, a training for helpers, a holiday activity) plus a group's own (the children's
plugin adds Children's Day through the vocabulary ``activity_kinds:children``).

A general kind is kept in ``Activity.service`` as ``<group>.general:<code>``, so that lists and reports still
group activities by their group; its words come from the vocabularies, never shown as a code.
"""
from __future__ import annotations

from ..core.texts import vocabularies
from ..plugin.manager import current_plugins

GENERAL = "general:"


def general_key(group: str, code: str) -> str:
    return f"{group}.{GENERAL}{code}"


def general_kinds(group: str) -> list[tuple[str, str]]:
    """(code, label) of the general kinds for ``group``: everyone's, then the group's own."""
    words = vocabularies()
    return [(code, str(label)) for name in ("activity_kinds", f"activity_kinds:{group}")
            for code, label in words.choices(name)]


def kind_choices(group: str) -> list[tuple[str, str]]:
    """The choices of the activity form: the group's services (sessions first), then the general kinds."""
    services = sorted(current_plugins().services_of(group), key=lambda s: s.delivery != "session")
    return ([(s.key, str(s.name)) for s in services] +
            [(general_key(group, code), label) for code, label in general_kinds(group)])


def kind_name(key: str) -> str:
    """What an activity is for, in words: the service's name, or the general kind's label."""
    service = current_plugins().services.get(key)
    if service is not None:
        return str(service.name)
    group, _dot, code = key.partition(".")
    if code.startswith(GENERAL):
        return dict(general_kinds(group)).get(code[len(GENERAL):], code[len(GENERAL):])
    return key
