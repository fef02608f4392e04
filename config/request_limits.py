"""Form posts with more text than ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

Django refuses such a post with ``RequestDataTooBig`` the moment anything reads ``request.POST``
(the CSRF check does), which ends in a bare 400 page and loses everything that was typed. This
middleware reads the post itself instead, keeping each text up to a bound and the total up to the
limit, and then

- lets a view that declares ``accepts_oversized_post = True`` answer it: ``request.POST`` holds
  what was kept, ``request.FILES`` is empty (files are never kept from such a post) and
  ``request.oversized_post`` says what was cut off, so the view shows its form again with a
  message (``core.forms.add_oversized_post_errors``) and never saves the cut-off text;
- answers any other view with a 413 page that names the limit.

Posts within the limit, and files within the upload limits, are parsed by Django as always. The
memory bound stays what Django's is: at most ``DATA_UPLOAD_MAX_MEMORY_SIZE`` of text is kept.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import QueryDict
from django.http.multipartparser import (  # type: ignore[attr-defined]  # exhaust: in Django, not in its stubs
    FIELD,
    FILE,
    ChunkIter,
    LazyStream,
    MultiPartParserError,
    Parser,
    exhaust,
)
from django.shortcuts import render
from django.utils.datastructures import MultiValueDict
from django.utils.http import parse_header_parameters
from rest_framework.views import APIView

CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class OversizedPost:
    """What was left out of a post that was too large."""

    #: The most text (in bytes) a post may carry: ``DATA_UPLOAD_MAX_MEMORY_SIZE``.
    limit: int
    #: Fields whose text was cut off.
    truncated: tuple[str, ...]
    #: Whether the post carried files (they are not kept).
    had_files: bool


def field_keep_bytes() -> int:
    """How much of one text is kept: an eighth of the limit (256 KB of the 2 MB), far above every
    form's ``max_length``, so what is cut off was too long anyway and the other fields still fit."""
    return max(settings.DATA_UPLOAD_MAX_MEMORY_SIZE // 8, 1)


def _is_api_view(view) -> bool:
    return isinstance(view, type) and issubclass(view, APIView)


class RequestLimitsMiddleware:
    """Goes before the CSRF middleware, the first to read ``request.POST``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        copy = getattr(request, "_body_copy", None)
        if copy is not None:
            copy.close()
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if request.method != "POST" or limit is None:
            return None
        try:
            content_length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None
        view = getattr(view_func, "view_class", view_func)
        if content_length <= limit or _is_api_view(view):
            # The API parses its own requests and answers in its own error envelope.
            return None
        if request.content_type == "multipart/form-data":
            oversized = _read_multipart(request, limit)
        elif request.content_type == "application/x-www-form-urlencoded":
            oversized = _read_urlencoded(request, limit)
        else:
            return None
        if oversized is None:
            return None
        request.oversized_post = oversized
        if getattr(view, "accepts_oversized_post", False):
            return None
        return render(request, "errors/413.html", {"limit": oversized.limit}, status=413)


def _read_multipart(request, limit: int) -> OversizedPost | None:
    """Let Django parse the post from a copy of the body (files and all); when its text is too
    large, read only the fields from the copy, within bounds."""
    copy = tempfile.SpooledTemporaryFile(
        max_size=settings.FILE_UPLOAD_MAX_MEMORY_SIZE, dir=settings.FILE_UPLOAD_TEMP_DIR
    )
    while chunk := request._stream.read(CHUNK_BYTES):
        copy.write(chunk)
    copy.seek(0)
    # The request now reads its body from the copy (closed after the response).
    request._body_copy = request._stream = copy
    request._read_started = False
    try:
        request.POST  # noqa: B018 (parses the post, as the CSRF check would)
        return None
    except RequestDataTooBig:
        pass
    except MultiPartParserError:
        return None  # malformed: Django's own answer (400) stands
    copy.seek(0)
    _, options = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
    boundary = options.get("boundary", "").encode("ascii", "ignore")
    encoding = request.encoding or settings.DEFAULT_CHARSET
    post = QueryDict(mutable=True, encoding=encoding)
    truncated: list[str] = []
    had_files = False
    remaining = limit
    keep = field_keep_bytes()
    stream = LazyStream(ChunkIter(copy, CHUNK_BYTES))  # type: ignore[arg-type]  # a file is what it reads
    try:
        for count, (item_type, meta_data, field_stream) in enumerate(Parser(stream, boundary)):
            try:
                disposition = meta_data["content-disposition"][1]
                raw_name = disposition["name"]
                # Django's parser gives header values as bytes; the form's field names are text.
                name = (raw_name.decode(encoding, "replace") if isinstance(raw_name, bytes) else raw_name).strip()
            except (KeyError, IndexError, AttributeError):
                exhaust(field_stream)
                continue
            if item_type == FILE:
                had_files = had_files or bool(disposition.get("filename"))
            elif item_type == FIELD and count < (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS or count + 1):
                data = field_stream.read(min(keep, remaining))
                cut = bool(field_stream.read(1))
                remaining -= len(data)
                if cut:
                    truncated.append(name)
                post.appendlist(name, data.decode(encoding, errors="ignore" if cut else "replace"))
            exhaust(field_stream)
    except MultiPartParserError:
        pass  # a broken end of the body: what was read before it is kept
    copy.seek(0)
    request._post, request._files = post, MultiValueDict()
    return OversizedPost(limit=limit, truncated=tuple(dict.fromkeys(truncated)), had_files=had_files)


_PARTIAL_ESCAPE = re.compile(rb"%[0-9A-Fa-f]?$")


def _read_urlencoded(request, limit: int) -> OversizedPost:
    """Django refuses any urlencoded body above the limit unread; read it pair by pair, keeping
    each value up to a bound and the whole up to the limit."""
    post = QueryDict(mutable=True)
    truncated: list[str] = []
    remaining = limit
    keep = field_keep_bytes()
    max_fields = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS

    def add(raw: bytes, cut: bool) -> None:
        nonlocal remaining
        if not raw or (max_fields is not None and len(post) >= max_fields):
            return
        if cut:
            raw = _PARTIAL_ESCAPE.sub(b"", raw)
        name, _, value = raw.partition(b"=")
        name_text = unquote_to_bytes(name.replace(b"+", b" ")).decode("utf-8", errors="replace")
        value_bytes = unquote_to_bytes(value.replace(b"+", b" "))
        remaining -= len(raw)
        if cut:
            truncated.append(name_text)
        post.appendlist(name_text, value_bytes.decode("utf-8", errors="ignore" if cut else "replace"))

    pair, cut = b"", False
    while chunk := request._stream.read(CHUNK_BYTES):
        pieces = chunk.split(b"&")
        for index, piece in enumerate(pieces):
            if not cut:
                room = max(min(keep, remaining) - len(pair), 0)
                if len(piece) > room:
                    piece, cut = piece[:room], True
                pair += piece
            if index < len(pieces) - 1:
                add(pair, cut)
                pair, cut = b"", False
    add(pair, cut)
    request._read_started = True
    request._post, request._files = post, MultiValueDict()
    return OversizedPost(limit=limit, truncated=tuple(dict.fromkeys(truncated)), had_files=False)
