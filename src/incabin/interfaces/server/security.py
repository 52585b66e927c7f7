"""What protects the car from the network and from other web pages.

- Bodies are limited in size (413) and must be JSON (415) before any handler runs.
- A request that changes something (POST, PUT, DELETE, a WebSocket) from a browser page
  of another origin is refused (403) unless that origin was allowed: CORS alone would not
  stop a form post or a WebSocket, which browsers send cross-origin without asking.
- With a token configured, ``/v1`` requests need ``Authorization: Bearer <token>``
  (WebSockets may pass ``?token=`` since browsers cannot set their headers).
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from incabin.interfaces.server._errors import ForbiddenOrigin, ServerError, Unauthorized

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def token_matches(expected: str | None, given: str | None) -> bool:
    """True when no token is configured, or ``given`` is it (compared in constant time)."""
    if not expected:
        return True
    return given is not None and hmac.compare_digest(given.encode(), expected.encode())


def bearer(authorization: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header."""
    if authorization is None:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def require_token(expected: str | None, *candidates: str | None) -> None:
    """Raise ``Unauthorized`` unless one of ``candidates`` is the configured token."""
    if expected and not any(token_matches(expected, c) for c in candidates if c):
        raise Unauthorized("this server needs a token: send 'Authorization: Bearer <token>'")


def check_origin(origin: str | None, host: str | None, allowed: Iterable[str]) -> None:
    """Raise ``ForbiddenOrigin`` for a browser page of a foreign origin.

    No Origin header (curl, scripts, the car's own clients) and the server's own
    page pass; ``allowed`` may hold ``*``.
    """
    if origin is None:
        return
    allowed = tuple(allowed)
    if "*" in allowed or origin in allowed:
        return
    if host is not None and urlsplit(origin).netloc == host:
        return
    raise ForbiddenOrigin(f"requests from {origin[:200]} are not allowed (see --allow-origin)")


VOICE_PATH = "/v1/voice"
MAX_AUDIO_BYTES = 2 * 1024 * 1024  # about a minute of 16 kHz PCM, more of Opus
AUDIO_MEDIA_TYPES = ("audio/wav", "audio/x-wav", "audio/wave", "audio/webm", "audio/ogg",
                     "audio/l16", "application/octet-stream")


class RequestGuard:
    """ASGI middleware: body size and type limits and the origin rule for HTTP requests."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, allow_origins: Iterable[str]) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allow_origins = tuple(allow_origins)

    def _limits(self, path: str) -> tuple[int, tuple[str, ...]]:
        """Body size and media types a route takes: JSON everywhere, audio for voice."""
        if path == VOICE_PATH:
            return MAX_AUDIO_BYTES, AUDIO_MEDIA_TYPES
        return self.max_body_bytes, ("application/json",)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        method = scope["method"]
        try:
            if method in UNSAFE_METHODS:
                check_origin(headers.get("origin"), headers.get("host"), self.allow_origins)
            limit, media_types = self._limits(scope["path"])
            body = await self._read_body(headers, receive, limit)
            if body and method in UNSAFE_METHODS:
                media = headers.get("content-type", "").split(";")[0].strip().lower()
                if media not in media_types:
                    raise _Rejected(415, "unsupported_media_type",
                                    f"send the body as {' or '.join(media_types)}")
        except (_Rejected, ServerError) as err:
            status = err.status
            await _send_error(send, status, err.code, str(err))
            return
        await self.app(scope, _replay(body, receive), send)

    async def _read_body(self, headers: dict[str, str], receive: Receive, limit: int) -> bytes:
        too_big = _Rejected(413, "request_too_large", f"the request body is over {limit} bytes")
        declared = headers.get("content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            raise too_big
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise too_big
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)


class _Rejected(Exception):
    def __init__(self, status: int, code: str, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code


def _replay(body: bytes, receive: Receive) -> Receive:
    """Hand the buffered body to the app once, then pass on the client's disconnect."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


async def _send_error(send: Send, status: int, code: str, detail: str) -> None:
    payload = json.dumps({"error": code, "detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(payload)).encode())]})
    await send({"type": "http.response.body", "body": payload})
