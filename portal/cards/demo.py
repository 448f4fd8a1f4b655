"""Demo contacts for the demo county: a cadre and civil-affairs office per township, a director and clinic per village."""
from __future__ import annotations

from .models import Contact

SURNAMES = "王李张刘陈杨黄赵周吴"


def _phone(n: int) -> str:
    return f"1390739{n:04d}"


def add_demo_contacts(demo) -> None:
    """No draw from ``demo.rng``: the rest of the county stays the same with or without this feature."""
    townships = {v.parent.id: v.parent for v in demo.villages if v.parent is not None}
    for i, town in enumerate(townships.values()):
        demo.add(Contact(place_id=town.id, role="cadre", name=f"{SURNAMES[i]}包片", phone=_phone(100 + i)))
        demo.add(Contact(place_id=town.id, role="civil_affairs", name=f"{town.name}民政办", phone=f"0739-55{i:05d}"))
    for i, village in enumerate(demo.villages):
        demo.add(Contact(place_id=village.id, role="children_director", name=f"{SURNAMES[i % 10]}主任",
                         phone=_phone(200 + i)))
        demo.add(Contact(place_id=village.id, role="clinic", name=f"{village.name}卫生室", phone=f"0739-66{i:05d}"))
