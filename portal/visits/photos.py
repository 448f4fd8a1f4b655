"""Photos as evidence of a visit: checked to be real images of an allowed type and size, stored under a random name.

They live in GUANAI_UPLOAD_DIR (default ``instance/uploads``), in ``visit-photos/``, never under static files:
a scoped view serves each one only to those who may see the person visited.
"""
from __future__ import annotations

import io
import os
import secrets

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from ..core.stored_files import write_file
from .models import VisitPhoto

#: Pillow's format name -> (content type, file extension).
ALLOWED = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
DEFAULT_MAX_PHOTOS = 6
#: A phone's largest photos (48 and 50 megapixels) pass; a PNG of 144 megapixels, a few hundred kilobytes on
#: disk, would take half a gigabyte to show, on the server or on a coordinator's phone (issue 26).
DEFAULT_MAX_PIXELS = 50_000_000


class PhotoRefused(ValueError):
    """A file that is not an allowed image, or too large; the message names the file and says why."""


def photo_folder() -> str:
    base = current_app.config.get("GUANAI_UPLOAD_DIR") or os.path.join(current_app.instance_path, "uploads")
    folder = os.path.join(base, "visit-photos")
    os.makedirs(folder, exist_ok=True)
    return folder


def max_bytes() -> int:
    return int(current_app.config.get("GUANAI_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_photos() -> int:
    return int(current_app.config.get("GUANAI_VISIT_MAX_PHOTOS", DEFAULT_MAX_PHOTOS))


def max_pixels() -> int:
    return int(current_app.config.get("GUANAI_PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS))


def _pixel_limit() -> dict[str, str]:
    return {"limit": f"{max_pixels():,}"}


def checked(upload) -> tuple[bytes, str, str]:
    """The file's bytes, content type and extension, if it is an allowed image within the size limit."""
    name = upload.filename or ""
    data = upload.read(max_bytes() + 1)
    if len(data) > max_bytes():
        raise PhotoRefused(_("%(name)s is larger than %(mb)s MB.", name=name, mb=f"{max_bytes() / 1048576:g}"))
    if not data:
        raise PhotoRefused(_("%(name)s is empty.", name=name))
    try:
        # Only the header is read here: the size it claims is checked before any pixel is decoded.
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if width * height > max_pixels():
                raise PhotoRefused(_("%(name)s has %(width)s × %(height)s pixels: a photo may have at most "
                                     "%(limit)s pixels.", name=name, width=width, height=height,
                                     **_pixel_limit()))
            image.verify()  # a truncated or forged file fails here
    except PhotoRefused:
        raise
    except Image.DecompressionBombError:  # a header claiming more than Pillow will open at all
        raise PhotoRefused(_("%(name)s claims to be a picture too large to open: a photo may have at most "
                             "%(limit)s pixels.", name=name, **_pixel_limit())) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoRefused(_("%(name)s is not a photo (JPEG, PNG or WebP).", name=name)) from None
    if kind not in ALLOWED:
        raise PhotoRefused(_("%(name)s is not a photo (JPEG, PNG or WebP).", name=name))
    content_type, ext = ALLOWED[kind]
    return data, content_type, ext


def check_all(uploads) -> list[tuple[bytes, str, str, str]]:
    """Every upload checked before anything is stored: (bytes, content type, extension, original name)."""
    uploads = [u for u in uploads if u and u.filename]
    if len(uploads) > max_photos():
        raise PhotoRefused(_("At most %(n)d photos per visit.", n=max_photos()))
    return [(*checked(u), u.filename[:200]) for u in uploads]


def store(visit, checked_files) -> list[VisitPhoto]:
    """Write checked photos to the folder and attach them to ``visit``; the caller commits."""
    photos = []
    for data, content_type, ext, original in checked_files:
        stored = f"{secrets.token_hex(16)}.{ext}"
        write_file(photo_folder(), stored, data)  # removed again if the visit is rolled back
        photo = VisitPhoto(stored_name=stored, content_type=content_type, size=len(data), original_name=original)
        visit.photos.append(photo)
        photos.append(photo)
    return photos


def path_of(photo: VisitPhoto) -> str:
    return os.path.join(photo_folder(), photo.stored_name)
