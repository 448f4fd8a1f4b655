"""The record a feature hands the offline feature: a kind of item a helper may write on a phone without a signal
(``guanai_get_offline_kinds``). Re-exported by ``portal.plugin``, where plugins import it from."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable


class OfflineRefused(ValueError):
    """An item the server will not keep, in words the helper reads on the phone: ``reason`` (translated) and,
    when a field is at fault, ``errors`` ``{field name: [message, ...]}``. The item stays on the phone to be fixed
    or discarded; nothing of it is kept and no receipt is written, so the same key may be sent again."""

    def __init__(self, reason: str, errors: dict[str, list[str]] | None = None):
        super().__init__(reason)
        self.reason = str(reason)
        self.errors = {name: [str(m) for m in messages] for name, messages in (errors or {}).items()}


@dataclass(frozen=True)
class OfflineKind:
    """A kind of item written offline and sent later (issue 31; portal/offline/README.md).

    ``name`` is the kind's code in the URL (``POST /offline/items/<name>``, ``[a-z_]+``), ``label`` its name for
    people. ``form`` is a WTForms form class (a ``FlaskForm``, built by the offline feature with its own CSRF check
    off: the request's ``X-CSRFToken`` is checked once for the whole item) that validates the fields the phone
    sends; its fields, labels, types and choices are described in ``day.json`` so the phone can draw it.
    ``choices(user)``, when given, returns ``{field name: [(value, label), ...]}`` for select fields whose
    choices depend on the user (a grid worker's grids), set before the form validates and in ``day.json``.

    When ``for_person`` (the default), the form carries a ``person`` field: the id of one of the day's people. The
    offline feature checks, before ``create`` is called, that the person is still on the ledger and still in the
    user's day (visible to the user, and brought into the day by some kind's ``people``), and refuses in words
    otherwise; ``create`` gets the person's row as ``data["person"]``.

    ``create(actor, data, photos)`` makes the item through the feature's own service function: ``data`` is the
    form's data (plain values; ``photos`` and ``person`` left out, the person's row added), ``photos`` the uploaded
    files of the ``photos`` field (werkzeug ``FileStorage``, unchecked) when ``photos`` is True, else ``[]``. It
    returns ``(row, url)``: the row made or changed (flushed, so it has an id) and the URL of its page. It adds
    to the session and never commits: the offline feature writes its receipt in the same transaction and commits
    both. It raises :class:`OfflineRefused` for an item it will not keep (a rule of its own, a refused photo).

    ``people(user)``, when given, returns a SELECT of the ids of the people this kind brings into the user's day
    (the people paired with a helper; those whose duties the user owns): the day holds the people any kind brings,
    among those the user may see. ``facts(user, ids)``, when given, returns ``{person id: {key: value}}``, what the
    phone shows of each of the day's people for this kind (the last visit and open follow-ups; the duties due),
    read with a few set-based queries, never one per person, and only what the user's role may see of them.
    ``ended(user, person)``, when given, says in words why ``person`` (on the ledger, no longer in the user's day)
    left it, when the kind knows (the pairing ended on a day), or None; the refusal then gives that reason.
    ``order`` sorts the kinds in ``day.json``; ``source`` cites the seed document the kind serves.
    """

    name: str
    label: Any
    form: type
    create: Callable[..., tuple[Any, str]]
    for_person: bool = True
    photos: bool = False
    people: Callable[[Any], Any] | None = None
    facts: Callable[[Any, list[int]], dict[int, dict]] | None = None
    choices: Callable[[Any], dict[str, list[tuple[Any, str]]]] | None = None
    ended: Callable[[Any, Any], str | None] | None = None
    order: int = 50
    source: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
