"""Fan-out of coach events and alerts to callbacks and async iterators."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Literal

from incabin.coach._models import Alert, CoachEvent

log = logging.getLogger(__name__)

StreamItem = CoachEvent | Alert
Which = Literal["events", "alerts", "all"]


def _wanted(which: Which, item: StreamItem) -> bool:
    if which == "all":
        return True
    return isinstance(item, Alert) == (which == "alerts")


class Subscription:
    """A live subscription; ``cancel()`` stops delivery."""

    def __init__(self, stream: EventStream, entry: object) -> None:
        self._stream, self._entry = stream, entry

    def cancel(self) -> None:
        """Stop delivering to this subscriber (idempotent)."""
        self._stream.remove(self._entry)


class EventStream:
    """Delivers every item to its subscribers, in order; thread-safe towards event loops."""

    def __init__(self) -> None:
        self._callbacks: list[tuple[Which, Callable[[StreamItem], None]]] = []
        self._queues: list[tuple[Which, asyncio.AbstractEventLoop, asyncio.Queue[StreamItem]]] = []

    def subscribe(
        self, callback: Callable[[StreamItem], None], which: Which = "all"
    ) -> Subscription:
        """Call ``callback(item)`` for each event and/or alert from now on."""
        if which not in ("events", "alerts", "all"):
            raise ValueError(f"which must be 'events', 'alerts' or 'all', not {which!r}")
        entry = (which, callback)
        self._callbacks.append(entry)
        return Subscription(self, entry)

    async def iterate(self, which: Which = "all") -> AsyncIterator[StreamItem]:
        """Yield items as they are published; the feeding side may run in another thread."""
        queue: asyncio.Queue[StreamItem] = asyncio.Queue()
        entry = (which, asyncio.get_running_loop(), queue)
        self._queues.append(entry)
        try:
            while True:
                yield await queue.get()
        finally:
            self.remove(entry)

    def remove(self, entry: object) -> None:
        """Forget a subscriber."""
        for entries in (self._callbacks, self._queues):
            if entry in entries:
                entries.remove(entry)  # type: ignore[arg-type]

    @property
    def active(self) -> bool:
        """Whether anyone listens."""
        return bool(self._callbacks or self._queues)

    def publish(self, item: StreamItem) -> None:
        """Hand ``item`` to every matching subscriber; a failing callback is logged, not raised."""
        for which, callback in list(self._callbacks):
            if _wanted(which, item):
                try:
                    callback(item)
                except Exception:
                    log.exception("coach subscriber %r failed", callback)
        for which, loop, queue in list(self._queues):
            if _wanted(which, item) and not loop.is_closed():
                loop.call_soon_threadsafe(queue.put_nowait, item)
