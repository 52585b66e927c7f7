"""What protects the car from the network and from other web pages.

- Every HTTP request and WebSocket must name, in its one ``Host`` header, a host this
  server answers to (``ServerConfig.hosts()``: loopback, the bound address, ``--allowed-host``),
  else 421. This stops DNS rebinding: a page of ``evil.example`` whose name its owner points
  at 127.0.0.1 is same-origin with itself, so its browser sends the server ``Host`` and
  ``Origin`` of ``evil.example`` and would pass any check that only compares the two.
- A request that changes something (POST, PUT, PATCH, DELETE, a WebSocket) from a browser
  page of another origin is refused (403); see ``check_origin``. CORS alone would not stop a
  form post or a WebSocket, which browsers send cross-origin without asking.
- Bodies are limited in size (413) and must be JSON (415) before any handler runs; text
  that is not UTF-8, or JSON strings with lone surrogates, are refused with a message that
  says so (``text_problem``, ``not_utf8``) rather than reaching the assistant.
- With a token configured, ``/v1`` requests need ``Authorization: Bearer <token>``
  (WebSockets may pass ``?token=`` since browsers cannot set their headers).
"""

from __future__ import annotations

import hmac
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from starlette.websockets import WebSocket, WebSocketState

from incabin.interfaces.server._errors import ForbiddenOrigin, ServerError, Unauthorized
from incabin.interfaces.server.config import normal_host
from incabin.interfaces.server.schemas import ErrorEvent

UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# A Host header: a name or a bracketed IPv6 address, then an optional port.
_HOST_HEADER = re.compile(r"(?P<name>\[[0-9A-Fa-f:.]+\]|[^\[\]:/@\s]+)(?::[0-9]{1,5})?")
# WebSocket close codes in the 4000s are the application's: 4000 + the HTTP status it
# would have been.
CLOSE_OFFSET = 4000


class UnknownHost(ServerError):
    """A request for a host name this server was not told it has (DNS rebinding)."""

    status = 421
    code = "unknown_host"


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


def check_host(values: list[str], allowed: frozenset[str]) -> None:
    """Raise ``UnknownHost`` unless ``values`` is one ``Host`` header naming a host in
    ``allowed`` (any port: the name is what a rebinding attacker controls)."""
    if len(values) != 1:
        raise UnknownHost("send exactly one Host header naming this server")
    match = _HOST_HEADER.fullmatch(values[0].strip())
    if match is None or normal_host(match["name"]) not in allowed:
        raise UnknownHost(
            f"this server does not answer to the host {values[0][:100]!r}; if that name is "
            "this server's, start it with --allowed-host NAME (or INCABIN_ALLOWED_HOSTS)"
        )


def check_origin(origin: str | None, host: str, allowed: Iterable[str], *,
                 has_token: bool) -> None:
    """Raise ``ForbiddenOrigin`` unless a request that changes something may come from a
    page of ``origin``; ``host`` is the request's Host header, already checked.

    - No Origin header passes: that is not a browser page but curl, a script or the car's
      own client, as before. Browsers send Origin on every POST, PUT, DELETE and WebSocket
      handshake, so a web page cannot drop it (``Origin: null`` is a foreign origin).
    - The server's own page (Origin ``http(s)://`` + ``host``) passes.
    - Another origin passes only when it is in ``allowed`` (``*``: any) and the server has a
      token: without one, a listed dashboard may read with CORS but not drive the car, so
      that no web page can act through a server that trusts everyone on this machine.
    """
    if origin is None:
        return
    parts = urlsplit(origin)
    if parts.scheme in ("http", "https") and parts.netloc.lower() == host.strip().lower():
        return
    allowed = tuple(allowed)
    listed = "*" in allowed or origin in allowed
    if listed and has_token:
        return
    if listed:
        raise ForbiddenOrigin(
            f"requests from {origin[:200]} may not change anything on a server without a "
            "token: only its own page may; start it with --token to let that origin act")
    raise ForbiddenOrigin(f"requests from {origin[:200]} are not allowed (see --allow-origin)")


def text_problem(error: Mapping[str, Any]) -> str:
    """pydantic's message for one invalid field, plain where pydantic's is obscure: JSON
    may spell a lone surrogate (``"\\udcff"``), which is no character and no text."""
    if error.get("type") == "string_unicode":
        return "is not valid Unicode text (it holds a lone surrogate such as \\udcff)"
    return str(error.get("msg", "invalid"))


def not_utf8(what: str, err: UnicodeDecodeError) -> str:
    """Why ``what`` (a body, a message) could not be read as UTF-8, with where."""
    return (f"the {what} is not UTF-8 text: byte {err.object[err.start]:#04x} "
            f"at position {err.start}")


async def refuse_socket(ws: WebSocket, err: ServerError) -> None:
    """Accept, send the error event and close with ``CLOSE_OFFSET`` + its status: a page
    cannot read why a handshake was refused, but it can read this."""
    if ws.client_state is WebSocketState.CONNECTING:
        await ws.accept()
    await ws.send_text(ErrorEvent(error=err.code, detail=str(err)).model_dump_json())
    await ws.close(code=CLOSE_OFFSET + err.status)


VOICE_PATH = "/v1/voice"
MAX_AUDIO_BYTES = 2 * 1024 * 1024  # about a minute of 16 kHz PCM, more of Opus
AUDIO_MEDIA_TYPES = ("audio/wav", "audio/x-wav", "audio/wave", "audio/webm", "audio/ogg",
                     "audio/l16", "application/octet-stream")


class RequestGuard:
    """ASGI middleware: the host rule for every request; the origin rule, body size and type
    limits for HTTP requests; the origin rule for WebSockets."""

    def __init__(self, app: ASGIApp, max_body_bytes: int, allow_origins: Iterable[str],
                 allowed_hosts: Iterable[str], has_token: bool) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.allow_origins = tuple(allow_origins)
        self.allowed_hosts = frozenset(allowed_hosts)
        self.has_token = has_token

    def _limits(self, path: str) -> tuple[int, tuple[str, ...]]:
        """Body size and media types a route takes: JSON everywhere, audio for voice."""
        if path == VOICE_PATH:
            return MAX_AUDIO_BYTES, AUDIO_MEDIA_TYPES
        return self.max_body_bytes, ("application/json",)

    def _check_caller(self, scope: Scope) -> dict[str, str]:
        """The request's headers, once its host and, when it acts, its origin are allowed."""
        hosts = [v.decode("latin-1") for k, v in scope["headers"] if k == b"host"]
        check_host(hosts, self.allowed_hosts)
        headers = {k.decode("latin-1"): v.decode("latin-1") for k, v in scope["headers"]}
        if scope["type"] == "websocket" or scope["method"] in UNSAFE_METHODS:
            check_origin(headers.get("origin"), hosts[0], self.allow_origins,
                         has_token=self.has_token)
        return headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket":
            try:
                self._check_caller(scope)
            except ServerError as err:
                await refuse_socket(WebSocket(scope, receive, send), err)
                return
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        try:
            headers = self._check_caller(scope)
            limit, media_types = self._limits(scope["path"])
            body = await self._read_body(headers, receive, limit)
            if body and method in UNSAFE_METHODS:
                media = headers.get("content-type", "").split(";")[0].strip().lower()
                if media not in media_types:
                    raise _Rejected(415, "unsupported_media_type",
                                    f"send the body as {' or '.join(media_types)}")
        except (_Rejected, ServerError) as err:
            await _send_error(send, err.status, err.code, str(err))
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
