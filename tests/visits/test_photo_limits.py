"""Photos whose pixels would cost the server or a phone too much are refused from their header, before any
pixel is decoded: a PNG claiming 30000 x 30000 (Pillow's decompression-bomb error was a 500) and a real
144-megapixel PNG (stored as it was) are each a 400 naming the photo, the form kept; a photo past the size
limit stops the reading of the request at once, a 413 naming it (issue 26's probe)."""
import io
import os
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


class CountingStream(io.BytesIO):
    """A request body that counts what the server reads of it."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.taken = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk

    def readline(self, size=-1):
        line = super().readline(size)
        self.taken += len(line)
        return line


def test_a_photo_past_the_limit_is_refused_before_the_body_is_read(app, client, login, county, paired_child,  # noqa: F811
                                                                   uploads):  # noqa: F811
    from werkzeug.datastructures import FileStorage
    from werkzeug.test import EnvironBuilder, encode_multipart
    app.config["GUANAI_UPLOAD_MAX_BYTES"] = 1024 * 1024
    login("vol")
    fields = form(f"{paired_child.id}:caring_family")
    big = os.urandom(3 * 1024 * 1024)
    boundary, body = encode_multipart({**fields, "photos": [FileStorage(io.BytesIO(big), "first.jpg"),
                                                             FileStorage(io.BytesIO(big), "second.jpg")]})
    stream = CountingStream(body)
    builder = EnvironBuilder(path="/visits/new", method="POST", input_stream=stream, content_length=len(body),
                             content_type=f"multipart/form-data; boundary={boundary}")
    response = client.open(builder)
    page = response.get_data(as_text=True)
    assert response.status_code == 413 and "first.jpg 超过 1 MB" in page
    assert stream.taken < len(body) / 2, (stream.taken, len(body))  # the second photo was never read
    assert db.session.execute(select(Visit)).first() is None
