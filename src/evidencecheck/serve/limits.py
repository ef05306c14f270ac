"""How much one request may upload: per photo, photos per request, and the whole body.

Over a limit, the answer is HTTP 413 naming the limit, in English and Chinese. The whole body's
limit is enforced while it arrives (a declared length over it is refused before reading), so an
endless upload costs at most the limit.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from fastapi.responses import JSONResponse

MB = 1_000_000


@dataclass(frozen=True)
class Limits:
    # A 48 MP phone photo is 8-15 MB as JPEG or HEIC; twice that covers a large PNG screenshot.
    max_photo_bytes: int = 30 * MB
    # A case needs at most three photos (rules.toml); a dozen leaves room for retakes and extras.
    max_photos: int = 12
    max_upload_bytes: int = 100 * MB

    def to_dict(self) -> dict:
        return asdict(self)


def too_large(limits: Limits, which: str, name: str | None = None) -> JSONResponse:
    """The 413 answer for the limit ``which`` ("photo", "photos" or "upload")."""
    if which == "photo":
        mb = limits.max_photo_bytes / MB
        en = f"the photo {name!r} is larger than the limit of {mb:g} MB per photo"
        zh = f"照片“{name}”超过单张 {mb:g} MB 的上限。"
        limit = {"name": "max_photo_bytes", "value": limits.max_photo_bytes}
    elif which == "photos":
        en = f"more than the limit of {limits.max_photos} photos in one check"
        zh = f"一次最多检查 {limits.max_photos} 张照片。"
        limit = {"name": "max_photos", "value": limits.max_photos}
    else:
        mb = limits.max_upload_bytes / MB
        en = f"the upload is larger than the limit of {mb:g} MB in all"
        zh = f"上传总大小超过 {mb:g} MB 的上限。"
        limit = {"name": "max_upload_bytes", "value": limits.max_upload_bytes}
    return JSONResponse({"error": "too_large", "limit": limit, "message": en, "message_zh": zh}, status_code=413)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """ASGI middleware: a request body over ``limits.max_upload_bytes`` is answered 413."""

    def __init__(self, app, limits: Limits):
        self.app = app
        self.limits = limits

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        limit = self.limits.max_upload_bytes
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            return await too_large(self.limits, "upload")(scope, receive, send)
        seen = 0
        started = False

        async def counted_receive():
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return message

        async def watched_send(message):
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except _TooLarge:
            if started:
                raise
            await too_large(self.limits, "upload")(scope, receive, send)
