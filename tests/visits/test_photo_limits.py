"""Photos whose pixels would cost the server or a phone too much are refused from their header, before any
pixel is decoded: a PNG claiming 30000 x 30000 (Pillow's decompression-bomb error was a 500) and a real
144-megapixel PNG (stored as it was) are each a 400 naming the photo, the form kept (issue 26's probe)."""
import io
import struct
import zlib

from PIL import Image
from sqlalchemy import select

from portal.extensions import db
from portal.visits.models import Visit

from .test_log import form, paired_child, png, uploads  # noqa: F401  (fixtures)


def claimed(width: int, height: int) -> bytes:
    """A small PNG whose header claims ``width`` x ``height`` (its CRC right, its pixels missing)."""
    data = bytearray(png((1, 1)))
    ihdr = data.index(b"IHDR")
    data[ihdr + 4:ihdr + 12] = struct.pack(">II", width, height)
    data[ihdr + 17:ihdr + 21] = struct.pack(">I", zlib.crc32(bytes(data[ihdr:ihdr + 17])))
    return bytes(data)


def megapixels_144() -> bytes:
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # 144 million pixels in a few hundred kilobytes
    return out.getvalue()


def post(client, child, data: bytes, name: str):
    return client.post("/visits/new", data=form(f"{child.id}:caring_family", photos=[(io.BytesIO(data), name)]),
                       content_type="multipart/form-data")


def test_a_header_claiming_30000_by_30000_is_refused(client, login, county, paired_child, uploads):  # noqa: F811
    login("vol")
    response = post(client, paired_child, claimed(30000, 30000), "bomb.png")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "bomb.png" in page and "50,000,000 像素" in page
    assert "王奶奶" in page  # the form kept
    assert db.session.execute(select(Visit)).first() is None


def test_a_144_megapixel_png_is_refused_naming_its_size(client, login, county, paired_child, uploads):  # noqa: F811
    data = megapixels_144()
    assert len(data) < 8 * 1024 * 1024
    login("vol")
    response = post(client, paired_child, data, "huge.png")
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "huge.png" in page and "12000 × 12000" in page
    assert db.session.execute(select(Visit)).first() is None
    assert not (uploads / "visit-photos").exists() or not list((uploads / "visit-photos").iterdir())


def test_a_large_but_ordinary_photo_still_passes(app, client, login, county, paired_child, uploads):  # noqa: F811
    app.config["GUANAI_PHOTO_MAX_PIXELS"] = 1000
    login("vol")
    assert post(client, paired_child, png((40, 25)), "ok.png").status_code == 302
