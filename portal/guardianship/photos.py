"""The photo of a signed letter's page: checked to be a real image of an allowed type and size (the header's
size before any pixel is decoded), stored under a random name in GUANAI_UPLOAD_DIR/guardianship-letters, never
under static files; a scoped view serves it."""
from __future__ import annotations

import io
import os
import secrets

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from ..core.stored_files import write_file

ALLOWED = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
DEFAULT_MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 50_000_000


class PhotoRefused(ValueError):
    """Not an allowed image, or too large."""


def folder() -> str:
    base = current_app.config.get("GUANAI_UPLOAD_DIR") or os.path.join(current_app.instance_path, "uploads")
    path = os.path.join(base, "guardianship-letters")
    os.makedirs(path, exist_ok=True)
    return path


def checked(upload) -> tuple[bytes, str, str]:
    """The file's bytes, content type and extension, if it is an allowed image within the limits."""
    most = int(current_app.config.get("GUANAI_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES))
    name = upload.filename or ""
    data = upload.read(most + 1)
    if len(data) > most:
        raise PhotoRefused(_("%(name)s is larger than %(mb)s MB.", name=name, mb=f"{most / 1048576:g}"))
    if not data:
        raise PhotoRefused(_("%(name)s is empty.", name=name))
    try:
        with Image.open(io.BytesIO(data)) as image:
            kind, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise PhotoRefused(_("%(name)s is not a photo (JPEG, PNG or WebP).", name=name))
            image.verify()
    except PhotoRefused:
        raise
    except (Image.DecompressionBombError, UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise PhotoRefused(_("%(name)s is not a photo (JPEG, PNG or WebP).", name=name)) from None
    if kind not in ALLOWED:
        raise PhotoRefused(_("%(name)s is not a photo (JPEG, PNG or WebP).", name=name))
    content_type, ext = ALLOWED[kind]
    return data, content_type, ext


def store(data: bytes, ext: str) -> str:
    """Write a checked photo; its stored name. Removed again if the transaction that names it rolls back."""
    stored = f"{secrets.token_hex(16)}.{ext}"
    write_file(folder(), stored, data)
    return stored


def path_of(stored: str) -> str:
    return os.path.join(folder(), stored)
