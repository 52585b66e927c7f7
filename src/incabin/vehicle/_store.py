"""The VSS state store: validated current values with timestamps and subscriptions.

Sources (simulator, OBD, Kuksa, CAN) write into one ``VehicleStore``; the
``Vehicle`` facade and the agents read from it. Writes are validated against
the VSS 6.0 catalogue before anything is stored, and ``update`` writes several
values all-or-nothing. Every write brings the signals that follow it along
(``_derived``: ``Window.IsOpen`` follows ``Window.Position``), with the same
timestamp, so no reader sees the two disagree; ``read_freshest`` answers with
the newest of the paths that carry one quantity. Subscribers get a ``Reading``
for every write of a path they watch, either as a callback or as an async iterator.
"""

from __future__ import annotations

import asyncio
import itertools
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterable, Mapping
from logging import getLogger
from typing import Any, Self

from incabin.vehicle._catalogue import Catalogue, load_catalogue
from incabin.vehicle._derived import derivations
from incabin.vehicle._errors import InvalidValue, SignalUnavailable
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
        self._derivations = derivations(self.catalogue)
        self._rules = self._derivations.rules
        # seconds since the epoch for new readings; a simulator installs its own clock
        self.clock = clock
        self._values: dict[str, Reading] = {}
        # write order per path: of two readings with one timestamp (a scenario's write at
        # the simulator's current instant) the later write is the fresher
        self._order: dict[str, int] = {}
        self._writes = itertools.count()
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

    def get_freshest(self, path: str) -> Any:
        """The plain value of ``read_freshest``; ``SignalUnavailable`` when there is none."""
        reading = self.read_freshest(path)
        if isinstance(reading, Unavailable):
            raise SignalUnavailable(path, reading.reason.value)
        return reading.value

    def read_freshest(self, path: str) -> Reading | Unavailable:
        """The newest reading among ``path`` and the paths that carry the same quantity
        on this car (``StateOfCharge.Current``/``Displayed``; an EV's two ranges); ``path``'s
        own ``Unavailable`` when none has a value. Its ``path`` says which one answered."""
        self.catalogue.get(path)
        own = self.read(path)
        newest = own
        group = self._derivations.group(path, self._attribute)
        for other in (p for p in group if p != path):  # a tie goes to ``path``
            reading = self.read(other)
            if isinstance(reading, Reading) and (
                isinstance(newest, Unavailable) or self._age_key(reading) > self._age_key(newest)
            ):
                newest = reading
        return newest

    def _age_key(self, reading: Reading) -> tuple[float, int]:
        """Newer timestamp first; of equal ones, the later write."""
        return reading.timestamp, self._order.get(reading.path, -1)

    def has_value(self, path: str) -> bool:
        """True when ``path`` has a usable current value."""
        try:
            return path in self._values and path not in self._unavailable
        except TypeError:  # an unhashable "path"
            return False

    def set(self, path: str, value: Any, timestamp: float | None = None) -> Reading:
        """Validate and store one value (and what follows it); subscribers are notified."""
        signal = self.catalogue.get(path)
        clean = signal._validate(value)
        now = self.clock() if timestamp is None else timestamp
        reading = Reading(path, clean, signal.unit, now)
        # the hot path (speed, every simulated step) follows nothing: skip the batch work
        derived = self._derived({path: clean}, {path: now}) if path in self._rules else []
        self._write([reading], derived)
        return reading

    def update(self, values: Mapping[str, Any], timestamp: float | None = None) -> list[Reading]:
        """Write several values all-or-nothing: if one is invalid, none is stored."""
        clean = {path: self.catalogue.get(path)._validate(v) for path, v in values.items()}
        now = self.clock() if timestamp is None else timestamp
        return self._commit(clean, dict.fromkeys(clean, now))

    def ingest(self, values: Mapping[str, tuple[Any, float | None]]) -> dict[str, InvalidValue]:
        """What a source calls with one batch of ``path -> (value, timestamp)``: each value
        is checked on its own, so one garbled value never holds back the rest. Returns the
        rejected ones (nothing of theirs is stored); unknown paths still raise."""
        clean: dict[str, Any] = {}
        stamps: dict[str, float] = {}
        rejected: dict[str, InvalidValue] = {}
        for path, (value, timestamp) in values.items():
            try:
                clean[path] = self.catalogue.get(path).validate(value)
            except InvalidValue as err:
                rejected[path] = err
                continue
            stamps[path] = self.clock() if timestamp is None else timestamp
        if clean:
            self._commit(clean, stamps)
        return rejected

    def _commit(self, clean: dict[str, Any], stamps: dict[str, float]) -> list[Reading]:
        """Store validated values and what follows them; returns the readings of ``clean``."""
        signals = self.catalogue
        readings = [Reading(p, v, signals.get(p).unit, stamps[p]) for p, v in clean.items()]
        self._write(readings, self._derived(clean, stamps))
        return readings

    def _write(self, readings: list[Reading], derived: list[Reading]) -> None:
        """Store readings and their followers under one write number, then notify."""
        with self._lock:
            order = next(self._writes)
            written = list(readings)
            for reading in readings:
                self._values[reading.path] = reading
                self._order[reading.path] = order
                if self._unavailable:
                    self._unavailable.pop(reading.path, None)
            for reading in derived:
                old = self._values.get(reading.path)
                if self._unavailable.get(reading.path) is UnavailableReason.NOT_SUPPORTED or (
                    old is not None and old.timestamp > reading.timestamp
                ):
                    continue  # the car lacks it, or reported a newer value itself
                self._values[reading.path] = reading
                self._order[reading.path] = order
                self._unavailable.pop(reading.path, None)
                written.append(reading)
            notify = [(subs, r) for r in written if (subs := self._subs.get(r.path))]
        for subs, reading in notify:
            self._notify(subs, reading)

    def _derived(self, clean: dict[str, Any], stamps: dict[str, float]) -> list[Reading]:
        """Readings of the signals that follow ``clean``, each stamped as its source."""
        rules = self._rules
        if not any(path in rules for path in clean):
            return []  # the common case (speed, location ...): no work
        readings = []
        for source, target, value in self._derivations.derive(clean, stamps, self._attribute):
            signal = self.catalogue.get(target)
            readings.append(Reading(target, signal.validate(value), signal.unit, stamps[source]))
        return readings

    def _attribute(self, path: str) -> Any:
        """The value of a car attribute a derivation depends on, or None."""
        reading = self._values.get(path)
        return reading.value if reading is not None else None

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
