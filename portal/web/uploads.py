"""How much of an upload the portal reads: the whole body's limit, and a limit per file a view declares, both
enforced while the body streams in, so a refused upload is refused before the rest of it is read (issue 26).

- ``MAX_CONTENT_LENGTH`` (setting ``GUANAI_MAX_REQUEST_MB``, 16 MB by default) caps every request; a larger
  one is a 413 page naming the limit, before its body is read.
- A view that takes larger files (the visit's photos) says so with ``@upload_limits(file_bytes, body_bytes)``:
  its body may be as large as ``body_bytes()``, and a file part that grows past ``file_bytes()`` stops the
  reading at once with a 413 naming the file and the limit.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass

from flask import Request, current_app
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge

DEFAULT_MAX_REQUEST_BYTES = 16 * 1024 * 1024


@dataclass(frozen=True)
class Limits:
    file_bytes: Callable[[], int]
    body_bytes: Callable[[], int]


def upload_limits(file_bytes: Callable[[], int], body_bytes: Callable[[], int]):
    """Declare a view's own limits (functions, read at each request from the app's settings)."""
    def mark(view):
        view.upload_limits = Limits(file_bytes, body_bytes)
        return view
    return mark


def megabytes(size: int) -> str:
    return f"{size / 1048576:.3g}"


class FileTooLarge(RequestEntityTooLarge):
    """A file part past its view's limit: the 413 page names the file and the limit."""

    def __init__(self, filename: str | None, most: int):
        super().__init__(_("%(name)s is larger than %(mb)s MB.", name=filename or "?", mb=megabytes(most)))


class _CappedFile:
    """A spooled temporary file that refuses to grow past ``most`` bytes."""

    def __init__(self, most: int, filename: str | None):
        self._file = tempfile.SpooledTemporaryFile(max_size=500 * 1024)
        self._most, self._filename, self._size = most, filename, 0

    def write(self, data: bytes) -> int:
        self._size += len(data)
        if self._size > self._most:
            self._file.close()
            raise FileTooLarge(self._filename, self._most)
        return self._file.write(data)

    def __getattr__(self, name):
        return getattr(self._file, name)


class LimitedRequest(Request):
    """Flask's request, with the limits of the view it is for."""

    def _view_limits(self) -> Limits | None:
        if self.url_rule is None or not current_app:
            return None
        return getattr(current_app.view_functions.get(self.url_rule.endpoint), "upload_limits", None)

    @property
    def max_content_length(self) -> int | None:
        limits = self._view_limits()
        if self._max_content_length is None and limits is not None:
            return limits.body_bytes()
        return super().max_content_length

    @max_content_length.setter
    def max_content_length(self, value: int | None) -> None:
        self._max_content_length = value

    def _get_file_stream(self, total_content_length, content_type, filename=None, content_length=None):
        limits = self._view_limits()
        if limits is None:
            return super()._get_file_stream(total_content_length, content_type, filename, content_length)
        most = limits.file_bytes()
        if content_length is not None and content_length > most:
            raise FileTooLarge(filename, most)
        return _CappedFile(most, filename)


def too_large_message(error: RequestEntityTooLarge) -> str:
    """What a 413 page says: the file and its limit, or the request's limit."""
    if isinstance(error, FileTooLarge):
        return str(error.description)
    from flask import request
    most = request.max_content_length if request else None
    if most:
        return _("The upload is larger than %(mb)s MB, the most the portal takes at once.", mb=megabytes(most))
    return _("The upload is too large.")
