"""Places named in a sheet, matched by name within the user's jurisdiction; an unknown one is never created."""
from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..core.scoping import scoped
from ..extensions import db
from ..places.models import Place
from .cells import CellError

_NUMERALS = {"零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_number(text: str) -> int | None:
    """一 .. 九十九 as a number ("十二" 12, "二十" 20), else None."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _NUMERALS and ch != "十" for ch in text):
        return None
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0)
    return _NUMERALS[text] if len(text) == 1 else None


def grid_key(name: str) -> str:
    """"一组", "第一组", "1组", "01组" and "一组村民小组" are the same sub-place."""
    text = re.sub(r"\s+", "", name)
    text = re.sub(r"^第", "", text)
    text = re.sub(r"(村民小组|小组|组|网格)+$", "", text)
    number = _chinese_number(text)
    return str(number) if number is not None else text


def village_key(name: str) -> str:
    """"东村", "东村村委会" and "东村村民委员会" are the same village."""
    text = re.sub(r"\s+", "", name)
    text = re.sub(r"(村民委员会|村委会|居民委员会|居委会|社区)$", "", text)
    return text[:-1] if text.endswith("村") and len(text) > 1 else text


class PlaceFinder:
    """The villages and grids in ``root``'s subtree that ``user`` may see, found by the names sheets use."""

    def __init__(self, user, root: Place):
        self.root = root
        stmt = scoped(Place, user).where(Place.path.startswith(root.path))
        self.places = {p.id: p for p in db.session.execute(stmt).scalars()}
        self.villages: dict[str, list[Place]] = {}
        self.grids: dict[tuple[int, str], Place] = {}
        self._found: dict[str, Place | CellError] = {}   # a sheet's village names, each looked up once
        self._grid_keys: dict[str, str] = {}
        for place in self.places.values():
            if place.level == "village":
                self.villages.setdefault(village_key(place.name), []).append(place)
            elif place.level == "grid" and place.parent_id is not None:
                self.grids[(place.parent_id, grid_key(place.name))] = place

    def village(self, name: str) -> Place:
        """The village of this name under the root; CellError when none or several. Each name is looked up
        once per sheet (a sheet names its few villages on every row)."""
        found = self._found.get(name)
        if found is None:
            try:
                found = self._found[name] = self._village(name)
            except CellError as error:
                found = self._found[name] = error
        if isinstance(found, CellError):
            raise CellError(*found.args)  # a new one each time: the same message
        return found

    def _village(self, name: str) -> Place:
        if not name:
            if self.root.level in ("village", "grid"):
                return self.root
            raise CellError(_l("empty: name the village (the place chosen is no village)"))
        found = self.villages.get(village_key(name), [])
        if self.root.level in ("village", "grid") and village_key(self.root.name) == village_key(name):
            return self.root
        if not found:
            raise CellError(_l("%(value)s is no village in %(place)s", value=name, place=self.root.name))
        if len(found) > 1:
            raise CellError(_l("several villages are named %(value)s; import them one township at a time",
                               value=name))
        return found[0]

    def grid(self, village: Place, name: str) -> Place | None:
        """The sub-place of that name under the village ("一组"), or None (then it goes into the address)."""
        parent = village.parent_id if village.level == "grid" else village.id
        key = self._grid_keys.get(name)
        if key is None:
            key = self._grid_keys[name] = grid_key(name)
        return self.grids.get((parent, key))

    def village_of(self, place_id: int) -> int:
        """The village a place belongs to (a grid's parent), for telling people apart by village."""
        place = self.places.get(place_id)
        if place is not None and place.level == "grid" and place.parent_id is not None:
            return place.parent_id
        return place_id


def places_by_code(user, code: str) -> Place | None:
    """The place with this code if the user may see it."""
    return db.session.execute(scoped(Place, user).where(Place.code == code)).scalar_one_or_none()


def village_ids(place_ids) -> dict[int, int]:
    """For places outside the finder (a ledger's people), their village: a grid's parent, else itself."""
    rows = db.session.execute(select(Place.id, Place.level, Place.parent_id).where(Place.id.in_(list(place_ids))))
    return {pid: (parent if level == "grid" and parent else pid) for pid, level, parent in rows}
