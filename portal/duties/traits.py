"""A person's traits (an elder's: empty-nest, living alone, high age, 低保 ...; several at once), the words a duty
rule's ``traits`` key on. Written by imports and group plugins through :func:`set_traits` (re-exported by
``portal.plugin``); nothing is written when the duties feature is off (its table is not there)."""
from __future__ import annotations

from collections.abc import Iterable

from flask import current_app, has_app_context
from sqlalchemy import delete, select

from ..extensions import db


def traits_kept() -> bool:
    """Whether the duties feature (which keeps the traits) is on."""
    if not has_app_context():
        return False
    plugins = current_app.extensions.get("guanai")
    return plugins is not None and plugins.pm.has_plugin("duties")


def set_traits(person_id: int, codes: Iterable[str], replace: bool = True) -> set[str]:
    """The person carries these traits (and, when ``replace``, no others). Returns the traits now carried.
    Leaves the commit to the caller (the due table follows at the commit)."""
    from .models import PersonTrait
    codes = {c for c in codes if c}
    if not traits_kept():
        return set()
    have = set(db.session.execute(select(PersonTrait.trait).where(PersonTrait.beneficiary_id == person_id)).scalars())
    if replace and have - codes:
        db.session.execute(delete(PersonTrait).where(PersonTrait.beneficiary_id == person_id,
                                                     PersonTrait.trait.in_(have - codes)))
        # the delete is not an ORM change: note the person for the due table's refresh at the commit
        from .events import note_person
        note_person(db.session, person_id)
    for code in sorted(codes - have):
        db.session.add(PersonTrait(beneficiary_id=person_id, trait=code))
    return codes if replace else codes | have


def traits_of(ids: list[int]) -> dict[int, set[str]]:
    """{person id: the traits carried} for these people, 500 at a time ({} when the duties feature is off)."""
    from .models import PersonTrait
    out: dict[int, set[str]] = {}
    if not traits_kept():
        return out
    for start in range(0, len(ids), 500):
        for pid, trait in db.session.execute(select(PersonTrait.beneficiary_id, PersonTrait.trait)
                                             .where(PersonTrait.beneficiary_id.in_(ids[start:start + 500]))):
            out.setdefault(pid, set()).add(trait)
    return out


def set_traits_many(given: dict[int, Iterable[str]]) -> None:
    """:func:`set_traits` (replacing) for many people at once (an import): one SELECT, one DELETE and one INSERT
    per 500 people. Leaves the commit to the caller; the people's duties are computed again at the commit."""
    from sqlalchemy import insert, tuple_

    from .events import note_person
    from .models import PersonTrait
    if not traits_kept():
        return
    wanted = {pid: {c for c in codes if c} for pid, codes in given.items() if pid is not None}
    ids = sorted(wanted)
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        have: dict[int, set[str]] = {}
        for pid, trait in db.session.execute(select(PersonTrait.beneficiary_id, PersonTrait.trait)
                                             .where(PersonTrait.beneficiary_id.in_(chunk))):
            have.setdefault(pid, set()).add(trait)
        gone = [(pid, t) for pid in chunk for t in have.get(pid, set()) - wanted[pid]]
        new = [{"beneficiary_id": pid, "trait": t} for pid in chunk for t in sorted(wanted[pid] - have.get(pid, set()))]
        if gone:
            db.session.execute(delete(PersonTrait).where(tuple_(PersonTrait.beneficiary_id, PersonTrait.trait).in_(gone)))
        if new:
            db.session.execute(insert(PersonTrait), new)
        for pid in chunk:
            if pid in have or wanted[pid]:
                note_person(db.session, pid)
