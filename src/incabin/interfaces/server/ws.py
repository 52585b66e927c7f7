"""The WebSocket ``/v1/ws?session=ID``: streamed turns and live car, coach and trip events.

One task reads the client's messages and runs its turns in order (a capability
command is answered at once, beside a running model turn: ``fast_lane``); one task
drains the session's events to the socket, so it is the only writer. A client that goes
away mid-reply leaves the turn to finish in its worker thread: the car ends in
the state the reply describes, never half-way. ``RequestGuard`` has already checked
the handshake's Host and Origin; the token and the session are checked here.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from functools import partial

from pydantic import TypeAdapter, ValidationError
from starlette.websockets import WebSocket, WebSocketDisconnect

from incabin._errors import IncabinError
from incabin.interfaces.server._errors import ServerError
from incabin.interfaces.server.config import ServerConfig
from incabin.interfaces.server.fast_lane import is_fast_command
from incabin.interfaces.server.schemas import (
    ClientMessage,
    ErrorEvent,
    HelloEvent,
    PongEvent,
    ReplyEvent,
    TurnMessage,
)
from incabin.interfaces.server.security import (
    bearer,
    not_utf8,
    refuse_socket,
    require_token,
    text_problem,
)
from incabin.interfaces.server.sessions import Listener, Session, SessionManager
from incabin.interfaces.voice import voice_languages

log = logging.getLogger(__name__)

_MESSAGE = TypeAdapter(ClientMessage)
MAX_MESSAGE_CHARS = 8 * 1024


async def serve_socket(ws: WebSocket, manager: SessionManager, config: ServerConfig) -> None:
    """Run one WebSocket connection until the client leaves."""
    try:
        require_token(config.token, bearer(ws.headers.get("authorization")),
                      ws.query_params.get("token"))
    except ServerError as err:
        await refuse_socket(ws, err)
        return
    try:
        session = await manager.run(manager.get, ws.query_params.get("session") or "")
    except ServerError as err:
        await refuse_socket(ws, err)
        return
    await ws.accept()
    listener = Listener(asyncio.get_running_loop())
    manager.listen(session.id, listener)
    listener.offer(HelloEvent(session=session.id, driver=session.driver, lang=session.lang,
                              voice_langs=sorted(voice_languages())))
    sender = asyncio.create_task(_drain(ws, listener))
    try:
        await _receive(ws, manager, session, listener, sender)
    finally:
        manager.unlisten(session.id, listener)
        sender.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await sender


async def _receive(ws: WebSocket, manager: SessionManager, session: Session,
                   listener: Listener, sender: asyncio.Task[None]) -> None:
    ordered: asyncio.Queue[TurnMessage | None] = asyncio.Queue()  # None: the client left
    runner = asyncio.create_task(_in_order(ordered, manager, session, listener))
    quick: set[asyncio.Task[None]] = set()  # capability commands, answered at once
    try:
        while not sender.done():
            try:
                frame = await ws.receive()
            except (WebSocketDisconnect, RuntimeError):
                return
            if frame["type"] == "websocket.disconnect":
                return
            # Binary frames are read as UTF-8 JSON too; text frames arrive already decoded.
            message = _parse(frame["text"] if frame.get("text") is not None else frame["bytes"])
            if isinstance(message, ErrorEvent):
                listener.offer(message)
            elif isinstance(message, TurnMessage):
                if await _is_fast(manager, message):
                    task = asyncio.create_task(_answer(manager, session, message, listener))
                    quick.add(task)
                    task.add_done_callback(quick.discard)
                else:
                    ordered.put_nowait(message)
            else:
                listener.offer(PongEvent())
    finally:
        # A client that leaves still has every request it sent answered, whole.
        ordered.put_nowait(None)
        await asyncio.gather(runner, *quick, return_exceptions=True)


async def _is_fast(manager: SessionManager, message: TurnMessage) -> bool:
    """Whether the turn may pass a running one; when the capabilities cannot be read, it
    waits its turn like any other (and its own answer says what failed)."""
    try:
        return await manager.run(is_fast_command, message.text)
    except IncabinError as err:
        log.warning("cannot tell whether %r is a car command: %s", message.text[:80], err)
        return False


async def _in_order(queue: asyncio.Queue[TurnMessage | None], manager: SessionManager,
                    session: Session, listener: Listener) -> None:
    while (message := await queue.get()) is not None:
        await _answer(manager, session, message, listener)


async def _answer(manager: SessionManager, session: Session, message: TurnMessage,
                  listener: Listener) -> None:
    try:
        reply = await manager.run(partial(manager.use, session.id, Session.stream_turn,
                                          message.text, listener, message.id,
                                          command=message.text))
    except IncabinError as err:
        log.warning("turn failed in session %s: %s", session.id, err)
        listener.offer(ErrorEvent(error="turn_failed", detail=str(err), id=message.id))
        return
    except Exception:  # a task has no caller to raise to: log it, tell the client
        log.exception("turn crashed in session %s", session.id)
        listener.offer(ErrorEvent(error="internal_error", id=message.id,
                                  detail="the server failed on this request; see its log"))
        return
    event = ReplyEvent.model_validate(reply.to_dict())
    event.id = message.id
    listener.offer(event)


def _parse(raw: str | bytes) -> TurnMessage | ErrorEvent | object:
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError as err:
            return ErrorEvent(error="malformed_text", detail=not_utf8("message", err))
    if len(raw) > MAX_MESSAGE_CHARS:
        return ErrorEvent(error="message_too_large",
                          detail=f"a message may hold at most {MAX_MESSAGE_CHARS} characters")
    try:
        return _MESSAGE.validate_python(json.loads(raw))
    except json.JSONDecodeError as err:
        return ErrorEvent(error="malformed_json", detail=f"the message is not JSON: {err}")
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'message'}: {text_problem(e)}"
                             for e in err.errors())
        return ErrorEvent(error="invalid_message",
                          detail=f"expected {{\"type\": \"turn\", \"text\": ...}}: {problems}")


async def _drain(ws: WebSocket, listener: Listener) -> None:
    while True:
        event = await listener.queue.get()
        try:
            await ws.send_text(event.model_dump_json())
        except (WebSocketDisconnect, RuntimeError, OSError):
            return
