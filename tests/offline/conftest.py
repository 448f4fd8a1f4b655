"""Offline fixtures: a helper (the county's volunteer ``vol``) paired with a child, a second helper, a key maker and a
poster that sends an item as the phone does (multipart, Idempotency-Key)."""
from __future__ import annotations

import io
import uuid
from datetime import date, timedelta

import pytest
from PIL import Image

from portal.core.time import local_now, local_today
from portal.extensions import db

from ..duties.conftest import grids  # noqa: F401  (a fixture: a grid in each village)
from ..factories import add_person, add_volunteer


def pair(person, volunteer, service="children.caring_pairing"):
    from portal.assignment.models import Pairing
    row = Pairing(service=service, role="volunteer", beneficiary_id=person.id, volunteer_id=volunteer.id,
                  unit=f"b{person.id}", status="active", response="accepted",
                  started_on=local_today() - timedelta(days=30))
    db.session.add(row)
    db.session.commit()
    return row


@pytest.fixture
def day(county):
    """``vol`` paired with 小红 (east, with an ID number and a household phone); 小明 (west) is nobody's."""
    from portal.ledger.models import Household
    home = county["home"]
    home.phone = "13900001111"
    helper = add_volunteer(county, "小志愿", user=county["users"]["vol"], services=("children.caring_pairing",))
    mine = add_person("children", county["v_east"], name="李小红", id_number="430000201605010021",
                      household_id=home.id, address="东村1组3号")
    other = add_person("children", county["v_west"], name="赵小明", id_number="430000201605010045")
    pairing = pair(mine, helper)
    db.session.commit()
    return {"helper": helper, "mine": mine, "other": other, "pairing": pairing, "home": db.session.get(Household, home.id)}


def new_key() -> str:
    return str(uuid.uuid4())


def jpeg(width=64, height=48) -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (width, height), (200, 120, 40)).save(data, "JPEG")
    data.seek(0)
    return data


def visit_fields(person, **over) -> dict:
    fields = {"person": str(person.id), "visited_at": (local_now() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
              "mode": "home", "spoke_to": "王奶奶", "relation": "grandparent", "finding_living": "住房安全",
              "notes": "离线记录"}
    fields.update(over)
    return fields


@pytest.fixture
def send(client):
    """``send(kind, fields, key=..., photos=[...], headers=...)``: POST an item as the phone does."""
    def post(kind, fields, key=None, photos=(), headers=None):
        data = dict(fields)
        if photos:
            data["photos"] = [(photo, f"p{i}.jpg") for i, photo in enumerate(photos)]
        sent_headers = {"Idempotency-Key": key or new_key(), **(headers or {})}
        return client.post(f"/offline/items/{kind}", data=data, headers=sent_headers,
                           content_type="multipart/form-data")
    return post


__all__ = ["date", "jpeg", "new_key", "pair", "visit_fields"]
