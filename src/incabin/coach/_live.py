"""Feeding a coach from a live ``incabin.vehicle.Vehicle`` through its subscriptions.

Readings arrive one signal at a time; the feed keeps the latest value of each
signal the coach reads and hands the coach one ``Sample`` per instant: when a
reading arrives at a later time, the previous instant is complete. Instants
closer than ``min_interval_s`` are merged, so a source that stamps every write
with the wall clock still yields samples at about 10 Hz.

Time comes from ``clock`` when given; a simulated source's own clock
(``elapsed_s``) is used automatically, since writes made from outside the
simulation (a DTC added by a test) carry wall-clock stamps. Otherwise the
readings' timestamps are the time.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, Self

from incabin.coach import _signals as sig
from incabin.coach._errors import CoachError
from incabin.coach._models import CoachEvent, Sample
from incabin.vehicle import Reading, Unavailable, Vehicle

log = logging.getLogger(__name__)


class SampleSink(Protocol):
    """What a feed hands samples to: a ``Coach``, or a recorder."""

    def feed(self, sample: Sample) -> list[CoachEvent]: ...


class VehicleFeed:
    """A live link from a vehicle's signal store to a coach; ``close()`` ends it."""

    def __init__(
        self,
        coach: SampleSink,
        vehicle: Vehicle,
        min_interval_s: float = 0.1,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.coach = coach
        if clock is None and hasattr(vehicle.source, "elapsed_s"):
            source = vehicle.source
            clock = lambda: source.elapsed_s
        self.min_interval_s = min_interval_s
        self.clock = clock
        # Epoch timestamps carry float noise of ~1e-7 s: allow 1 % slack on the interval.
        self._min_gap = 0.99 * min_interval_s
        self.samples = 0
        self.rejected = 0
        paths = [p for p in sig.ALL if p in vehicle.catalogue]
        self._latest: dict[str, Any] = {}
        for path in paths:
            reading = vehicle.read(path)
            if not isinstance(reading, Unavailable):
                self._latest[path] = reading.value
        self._t0: float | None = None
        self._pending_ts: float | None = None  # timestamp of the instant being collected
        self._last_fed_ts: float | None = None
        self._subscription = vehicle.subscribe(paths, self._on_reading)

    def _on_reading(self, reading: Reading) -> None:
        ts = self.clock() if self.clock is not None else reading.timestamp
        if self._t0 is None:
            self._t0 = ts
        pending = self._pending_ts
        if pending is not None and ts > pending and (
            self._last_fed_ts is None or pending - self._last_fed_ts >= self._min_gap
        ):
            self._feed(pending)
        self._pending_ts = ts if pending is None else max(pending, ts)
        self._latest[reading.path] = reading.value

    def _feed(self, ts: float) -> None:
        assert self._t0 is not None
        self._last_fed_ts = ts
        try:
            self.coach.feed(Sample(round(ts - self._t0, 3), dict(self._latest)))
            self.samples += 1
        except CoachError as err:
            # A glitching source must not take the vehicle's subscribers down.
            self.rejected += 1
            log.warning("coach rejected a sample at %.1f s: %s", ts - self._t0, err)

    def flush(self) -> None:
        """Hand over the instant still being collected."""
        if self._pending_ts is not None and self._pending_ts != self._last_fed_ts:
            self._feed(self._pending_ts)

    def close(self) -> None:
        """Flush and stop listening (idempotent)."""
        self.flush()
        self._subscription.cancel()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def attach(
    coach: SampleSink,
    vehicle: Vehicle,
    min_interval_s: float = 0.1,
    clock: Callable[[], float] | None = None,
) -> VehicleFeed:
    """Start feeding ``coach`` from ``vehicle``'s live signals (see the module docstring)."""
    return VehicleFeed(coach, vehicle, min_interval_s, clock)
