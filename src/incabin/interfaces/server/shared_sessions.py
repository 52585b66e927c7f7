"""Sessions shared by many server processes through PostgreSQL (``incabin serve --workers N``).

The row in ``SessionStore`` is the session; a process keeps a working copy (assistant,
simulated car, coach) of each session it served lately. A request that may change a
session locks its row, brings the copy up to the row's version (a copy another process
moved on is rebuilt from the row), runs, and writes the new state back before the lock
is released. So a session continues on any process, a process killed mid-turn leaves
the row as it was before that turn (its transaction dies with it), and two processes
never answer one session at once. Reads (panel, navigation, profile) use the copy at the
committed version without locking.

A capability command that arrives while this process answers a model turn of the same
session takes the fast lane as before, without waiting for the row; it is written back
as soon as the turn's own write is committed.

The stored state is ``{"format": 1, "conversation": ..., "car": ...}``: the conversation
as ``agents.session_state`` captures it and the car as ``car_state`` keeps it. The car's
simulated time moves on in the process that holds its copy; what it drifted (position
while driving, charge) is written with the next change, not on every tick.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from incabin.agents import InvalidSessionState, session_state
from incabin.interfaces.server._errors import (
    CorruptSession,
    SessionConflict,
    SessionStoreError,
    TooManySessions,
    UnknownSession,
)
from incabin.interfaces.server.car_state import (
    InvalidCarState,
    car_values,
    changed,
    restore_car,
)
from incabin.interfaces.server.fast_lane import is_fast_command
from incabin.interfaces.server.schemas import Lang
from incabin.interfaces.server.session_store import SessionStore, StoredSession
from incabin.interfaces.server.sessions import AssistantFactory, Listener, Session, SessionManager

log = logging.getLogger(__name__)
T = TypeVar("T")

SYNC_EVERY_S = 2.0  # how often followed copies are checked against their rows


class StoredState(BaseModel):
    """The JSON document in a session row."""

    model_config = ConfigDict(extra="forbid")

    format: Literal[1] = 1
    conversation: session_state.ConversationState
    car: dict[str, Any]


@dataclass
class _Copy:
    """What this process knows about its copy of a session."""

    version: int
    baseline: dict[str, Any]  # the fresh car's kept values: the car state stores changes


class SharedSessions(SessionManager):
    """A ``SessionManager`` whose sessions live in a ``SessionStore`` (see the module)."""

    def __init__(self, factory: AssistantFactory, store: SessionStore, *,
                 cache_s: float = 300.0, **options: Any) -> None:
        super().__init__(factory, **options)
        self.store = store
        self.cache_s = cache_s  # a copy unused this long is dropped here (the row stays)
        self._copies: dict[str, _Copy] = {}
        self._followers: dict[str, list[Listener]] = {}

    def __len__(self) -> int:
        return self.store.count()

    def count(self) -> int:
        """Open sessions over every process."""
        return self.store.count()

    # opening, finding, closing

    def create(self, driver: str, lang: Lang) -> Session:
        """Open a session and store it (blocking)."""
        if self.store.count() >= self.max_sessions:
            raise TooManySessions(f"the server holds its limit of {self.max_sessions} sessions; "
                                  "close one with DELETE /v1/sessions/{id}")
        session = self._open(driver, lang)
        assistant = session.assistant
        try:
            copy = _Copy(1, car_values(assistant.vehicle))
            self.store.insert(StoredSession(session.id, driver, lang, copy.version,
                                            self._encode(session, copy)))
        except BaseException:
            session.close()
            raise
        self._put(session, copy)
        log.info("session %s opened for %s", session.id, driver)
        return session

    def get(self, session_id: str) -> Session:
        """The session at its committed state (rebuilt here when another process moved it
        on); ``UnknownSession``, ``CorruptSession``, ``SessionStoreUnavailable``."""
        row = self.store.peek(session_id)
        if row is None:
            self._drop(session_id)
            raise UnknownSession(session_id)
        session = self._current(row)
        session.touched = time.monotonic()
        return session

    def close(self, session_id: str) -> None:
        """Close a session for every process."""
        with self.store.hold(session_id) as held:
            held.delete()
        self._drop(session_id)

    # using

    def use(self, session_id: str, fn: Callable[..., T], *args: Any, write: bool = True,
            command: str | None = None) -> T:
        """``fn(session, *args)`` under the row's lock, then the new state written back
        (see the module); with ``write=False`` on the committed state, unlocked."""
        if not write:
            return fn(self.get(session_id), *args)
        busy = self._sessions.get(session_id)
        if (command is not None and busy is not None and busy.lock.locked()
                and is_fast_command(command)):
            result = fn(busy, *args)  # answered in the session's fast lane
            self._write_lane(busy)
            return result
        try:
            with self.store.hold(session_id) as held:
                session = self._current(held.row)
                session.touched = time.monotonic()
                result = fn(session, *args)
                copy = self._copies[session_id]
                copy.version = held.save(self._encode(session, copy))
        except BaseException:
            # The copy may hold a change the row never got (or half of one): build it
            # again from the row next time.
            self._drop(session_id)
            raise
        return result

    def _write_lane(self, session: Session) -> None:
        """Store what a fast-lane command changed, once the running turn has written."""
        try:
            with self.store.hold(session.id) as held:
                copy = self._copies.get(session.id)
                if (copy is None or self._sessions.get(session.id) is not session
                        or held.row.version != copy.version):
                    raise SessionConflict(
                        f"session {session.id!r} was changed by another server process while "
                        "this one answered a command beside a running turn; the command was "
                        "not kept: send it again")
                copy.version = held.save(self._encode(session, copy))
        except BaseException:
            self._drop(session.id)
            raise

    # following (WebSockets)

    def listen(self, session_id: str, listener: Listener) -> None:
        """Follow a session's events, also across rebuilds of this process's copy."""
        with self._lock:
            self._followers[session_id] = [*self._followers.get(session_id, []), listener]
            session = self._sessions.get(session_id)
        if session is not None:
            session.listen(listener)

    def unlisten(self, session_id: str, listener: Listener) -> None:
        """Stop following (idempotent)."""
        with self._lock:
            kept = [x for x in self._followers.get(session_id, []) if x is not listener]
            if kept:
                self._followers[session_id] = kept
            else:
                self._followers.pop(session_id, None)
            session = self._sessions.get(session_id)
        if session is not None:
            session.unlisten(listener)

    # the clock

    async def run_clock(self) -> None:
        """Until cancelled: tick the cars held here; every ``SYNC_EVERY_S`` bring followed
        copies up to date, keep followed sessions alive, drop copies unused for
        ``cache_s`` and close sessions idle for ``idle_s`` (in every process)."""
        synced = time.monotonic()
        while True:
            await asyncio.sleep(self.tick_s or 1.0)
            if self.tick_s > 0:
                await self.run(self.tick_all)
            if time.monotonic() - synced >= SYNC_EVERY_S:
                synced = time.monotonic()
                try:
                    await self.run(self.sync)
                except SessionStoreError as err:
                    log.warning("cannot sync sessions with the store: %s", err)

    def sync(self) -> None:
        """One round of the clock's bookkeeping (see ``run_clock``)."""
        with self._lock:
            followed = [sid for sid, listeners in self._followers.items() if listeners]
            local = list(self._sessions)
        self.store.touch(followed)
        committed = self.store.versions(local)
        cutoff = time.monotonic() - self.cache_s
        for sid in local:
            session, copy = self._sessions.get(sid), self._copies.get(sid)
            if session is None or copy is None:
                continue
            if sid not in committed:
                self._drop(sid)  # closed or expired by another process
            elif committed[sid] != copy.version and sid in followed:
                try:
                    self.get(sid)  # its page sees what another process did
                except SessionStoreError as err:
                    log.warning("session %s cannot be brought up to date: %s", sid, err)
            elif sid not in followed and session.touched < cutoff and not session.lock.locked():
                self._drop(sid)
        for sid in self.store.expire(self.idle_s):
            log.info("session %s closed after %.0f s idle", sid, self.idle_s)
            self._drop(sid)

    def expire_idle(self) -> list[str]:
        """Close sessions idle for ``idle_s`` over every process; returns their ids."""
        expired = self.store.expire(self.idle_s)
        for sid in expired:
            self._drop(sid)
        return expired

    def shutdown(self) -> None:
        """Drop this process's copies (the rows stay) and close the store."""
        super().shutdown()
        self.store.close()

    # copies

    def _current(self, row: StoredSession) -> Session:
        """This process's copy at ``row``'s version, rebuilt when it lags. A copy in use
        here (its lock held) is current by definition: only this process can change it."""
        with self._lock:
            session, copy = self._sessions.get(row.id), self._copies.get(row.id)
        if session is not None and copy is not None and (
                copy.version == row.version or session.lock.locked()):
            return session
        fresh, fresh_copy = self._restore(row)
        with self._lock:
            raced, raced_copy = self._sessions.get(row.id), self._copies.get(row.id)
        if raced is not None and raced is not session and raced_copy is not None \
                and raced_copy.version == row.version:
            fresh.close()  # another thread of this process rebuilt it first
            return raced
        self._put(fresh, fresh_copy)
        return fresh

    def _restore(self, row: StoredSession) -> tuple[Session, _Copy]:
        """A new copy from a row; ``CorruptSession`` (the row untouched) when it is damaged."""
        try:
            stored = StoredState.model_validate(json.loads(row.state))
        except (ValueError, ValidationError) as err:
            raise CorruptSession(row.id, _problem(err)) from err
        if row.lang not in ("en", "zh"):
            raise CorruptSession(row.id, f"unknown language {row.lang[:20]!r}")
        session = self._open(row.driver, row.lang, row.id)  # type: ignore[arg-type]
        assistant = session.assistant
        try:
            copy = _Copy(row.version, car_values(assistant.vehicle))
            restore_car(assistant.vehicle, stored.car)
            session_state.restore(assistant, stored.conversation)
        except (InvalidCarState, InvalidSessionState) as err:
            session.close()
            raise CorruptSession(row.id, str(err)) from err
        except BaseException:
            session.close()
            raise
        log.info("session %s continued here at version %d", row.id, row.version)
        return session, copy

    def _encode(self, session: Session, copy: _Copy) -> str:
        with session.lock:
            session.merge_fast_lane()
            conversation = session_state.capture(session.assistant)
            car = changed(copy.baseline, car_values(session.assistant.vehicle))
        return StoredState(conversation=conversation, car=car).model_dump_json()

    def _put(self, session: Session, copy: _Copy) -> None:
        with self._lock:
            old = self._sessions.get(session.id)
            self._sessions[session.id] = session
            self._copies[session.id] = copy
            followers = list(self._followers.get(session.id, []))
        for listener in followers:
            session.listen(listener)
        if old is not None and old is not session:
            if followers:
                session.catch_up(old)
            old.close()

    def _drop(self, session_id: str) -> None:
        with self._lock:
            session = self._sessions.pop(session_id, None)
            self._copies.pop(session_id, None)
        if session is not None:
            session.close()


def _problem(err: Exception) -> str:
    if isinstance(err, ValidationError):
        return "; ".join(f"{'.'.join(map(str, e['loc'])) or 'state'}: {e['msg']}"
                         for e in err.errors()[:5])
    return f"not JSON: {err}"
