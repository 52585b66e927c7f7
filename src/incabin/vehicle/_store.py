"""The VSS state store: validated current values with timestamps and subscriptions.

Sources (simulator, OBD, Kuksa, CAN) write into one ``VehicleStore``; the
``Vehicle`` facade and the agents read from it. Writes are validated against
the catalogue before anything is stored, and ``update`` writes several values
all-or-nothing. Subscribers get a ``Reading`` for every write of a path they
watch, either as a callback or as an async iterator.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from logging import getLogger
from typing import Any, Self

from incabin.vehicle._catalogue import Catalogue, load_catalogue
from incabin.vehicle._errors import SignalUnavailable
from incabin.vehicle._models import Reading, Unavailable, UnavailableReason

log = getLogger(__name__)

Callback = Callable[[Reading], None]


class Subscription:
    """A live subscription; ``cancel()`` ends it.

    Made without a callback it is an async iterator of ``Reading``s::

        async with store.subscribe(["Vehicle.Speed"]) as sub:
            async for reading in sub: ...
    """

    def __init__(self, store: VehicleStore, paths: tuple[str, ...], callback: Callback | None):
        self._store = store
        self.paths = paths
        self._callback = callback
        self._queue: asyncio.Queue[Reading | None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._pending: list[Reading] = []  # readings that arrive before iteration starts
        self.active = True
        if callback is None:
            try:
                self._bind(asyncio.get_running_loop())
            except RuntimeError:
                pass  # bound lazily when iteration starts

    def _bind(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._queue = asyncio.Queue()
        for reading in self._pending:
            self._queue.put_nowait(reading)
        self._pending.clear()

    def _deliver(self, reading: Reading | None) -> None:
        if self._callback is not None:
            if reading is not None:
                self._callback(reading)
            return
        queue, loop = self._queue, self._loop
        if queue is None or loop is None:
            if reading is not None:
                self._pending.append(reading)
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            queue.put_nowait(reading)
        elif not loop.is_closed():
            loop.call_soon_threadsafe(queue.put_nowait, reading)

    def cancel(self) -> None:
        """Stop receiving readings; an async iteration ends."""
        if self.active:
            self.active = False
            self._store._unsubscribe(self)
            self._deliver(None)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.cancel()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.cancel()

    def __aiter__(self) -> AsyncIterator[Reading]:
        if self._callback is not None:
            raise TypeError("a callback subscription is not iterable")
        return self._iterate()

    async def _iterate(self) -> AsyncIterator[Reading]:
        if self._queue is None:
            self._bind(asyncio.get_running_loop())
        assert self._queue is not None
        if not self.active:
            self._queue.put_nowait(None)
        while True:
            reading = await self._queue.get()
            if reading is None:
                return
            yield reading


class VehicleStore:
    """Current values of VSS signals, validated against the catalogue."""

    def __init__(
        self, catalogue: Catalogue | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.catalogue = catalogue or load_catalogue()
        self._signals = {signal.path: signal for signal in self.catalogue}
        # seconds since the epoch for new readings; a simulator installs its own clock
        self.clock = clock
        self._values: dict[str, Reading] = {}
        self._unavailable: dict[str, UnavailableReason] = {}
        self._subs: dict[str, list[Subscription]] = {}
        self._lock = threading.RLock()

    def get(self, path: str) -> Any:
        """The plain current value; ``SignalUnavailable`` when there is none."""
        reading = self.read(path)
        if isinstance(reading, Unavailable):
            raise SignalUnavailable(path, reading.reason.value)
        return reading.value

    def read(self, path: str) -> Reading | Unavailable:
        """The current ``Reading``, or ``Unavailable`` with the reason."""
        self.catalogue.get(path)  # UnknownSignal for a bad path
        reason = self._unavailable.get(path)
        if reason is not None:
            return Unavailable(path, reason)
        reading = self._values.get(path)
        if reading is None:
            return Unavailable(path, UnavailableReason.NO_VALUE)
        return reading

    def has_value(self, path: str) -> bool:
        """True when ``path`` has a usable current value."""
        try:
            return path in self._values and path not in self._unavailable
        except TypeError:  # an unhashable "path"
            return False

    def set(self, path: str, value: Any, timestamp: float | None = None) -> Reading:
        """Validate and store one value; subscribers of ``path`` are notified."""
        try:
            signal = self._signals[path]
        except (KeyError, TypeError):
            signal = self.catalogue.get(path)  # raises UnknownSignal with suggestions
        clean = signal._validate(value)
        reading = Reading(
            path, clean, signal.unit, self.clock() if timestamp is None else timestamp
        )
        with self._lock:
            self._values[path] = reading
            if self._unavailable:
                self._unavailable.pop(path, None)
            subs = self._subs.get(path)
        if subs:
            self._notify(subs, reading)
        return reading

    def update(self, values: Mapping[str, Any], timestamp: float | None = None) -> list[Reading]:
        """Write several values all-or-nothing: if one is invalid, none is stored."""
        clean = {path: self.catalogue.get(path).validate(v) for path, v in values.items()}
        now = self.clock() if timestamp is None else timestamp
        readings = [Reading(p, v, self.catalogue.get(p).unit, now) for p, v in clean.items()]
        with self._lock:
            for reading in readings:
                self._values[reading.path] = reading
                self._unavailable.pop(reading.path, None)
            notify = [(self._subs.get(r.path), r) for r in readings]
        for subs, reading in notify:
            if subs:
                self._notify(subs, reading)
        return readings

    def mark_unavailable(self, paths: Iterable[str], reason: UnavailableReason) -> None:
        """Flag values as unusable (a source went stale or down) until they are set again."""
        paths = list(paths)
        for path in paths:
            self.catalogue.get(path)
        with self._lock:
            for path in paths:
                self._unavailable[path] = UnavailableReason(reason)

    def snapshot(self) -> dict[str, Any]:
        """Every usable value, by path (a copy)."""
        with self._lock:
            return {p: r.value for p, r in self._values.items() if p not in self._unavailable}

    def subscribe(
        self, paths: Iterable[str] | str, callback: Callback | None = None
    ) -> Subscription:
        """Watch ``paths``: ``callback(reading)`` per write, or an async iterator without one."""
        wanted = (paths,) if isinstance(paths, str) else tuple(paths)
        for path in wanted:
            self.catalogue.get(path)
        sub = Subscription(self, wanted, callback)
        with self._lock:
            for path in wanted:
                # copy-on-write so that notify can iterate without holding the lock
                self._subs[path] = [*self._subs.get(path, ()), sub]
        return sub

    def _unsubscribe(self, sub: Subscription) -> None:
        with self._lock:
            for path in sub.paths:
                remaining = [s for s in self._subs.get(path, ()) if s is not sub]
                if remaining:
                    self._subs[path] = remaining
                else:
                    self._subs.pop(path, None)

    @staticmethod
    def _notify(subs: list[Subscription], reading: Reading) -> None:
        for sub in subs:
            callback = sub._callback
            try:
                if callback is not None:
                    callback(reading)
                else:
                    sub._deliver(reading)
            except Exception:
                # one broken subscriber must not stop the others or the writer
                log.exception("vehicle subscriber failed on %s", reading.path)
