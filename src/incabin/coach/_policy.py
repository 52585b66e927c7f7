"""When to speak: priorities, rate limits and hold-back in demanding moments.

Following driver-distraction guidance (brief, voice-first, not while the
driving task is demanding), every event passes through this policy:

1. Admission: an event whose key (kind, plus wheel or DTC code) was spoken less
   than ``cooldown_s`` ago is suppressed; a newer event replaces a queued one
   with the same key. A fault code and the detector watching the same thing
   (P0A7E and a hot battery) share a topic: the second within the cooldown is
   "covered" and not spoken, unless it is critical and the first was not.
2. Hold-back: nothing is spoken while the moment is demanding (high speed with
   strong lateral acceleration, a manoeuvre: strong lateral or longitudinal
   acceleration, an indicator on, reverse gear) nor for ``calm_s`` after it.
   Critical events wait at most ``critical_hold_max_s``.
3. Order and rate: the queue is spoken by priority (safety > vehicle health >
   efficiency > comfort), then age; at most one non-critical alert per
   ``global_gap_s``. Critical events skip the gap and the cooldown.
4. Staleness: feedback on a moment goes stale in the queue: a speeding alert
   after ``speeding_stale_s`` (the driver may have slowed down), harsh events
   and high consumption after ``stale_s``. Conditions that still hold (fault
   codes, tyres, battery, fatigue, arrival SoC) wait as long as it takes.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from incabin.coach._models import CoachEvent, EventKind
from incabin.coach._settings import CoachConfig

log = logging.getLogger(__name__)

_MOMENTARY = frozenset({
    EventKind.HARSH_BRAKE, EventKind.HARSH_ACCELERATION, EventKind.SHARP_CORNER,
    EventKind.HIGH_CONSUMPTION,
})


@dataclass(frozen=True)
class Decision:
    """What became of an event that was not spoken."""

    event: CoachEvent
    t: float
    outcome: str  # "suppressed" (cooldown) | "covered" (same topic) | "stale" | "replaced"


class AlertPolicy:
    """Decides which events are spoken, and when."""

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.queue: list[CoachEvent] = []
        self.last_spoken: dict[str, float] = {}
        self.topic_spoken: dict[str, tuple[float, bool, str]] = {}  # topic -> (t, critical, key)
        self.last_any: float | None = None
        self.calm_from = float("-inf")
        self.dropped: list[Decision] = []

    def offer(self, event: CoachEvent) -> None:
        """Admit an event for speaking, unless its key is cooling down."""
        last = self.last_spoken.get(event.key)
        if not event.critical and last is not None and event.t - last < self.config.cooldown_s:
            self.dropped.append(Decision(event, event.t, "suppressed"))
            return
        said = self.topic_spoken.get(event.topic)
        if said is not None:
            said_t, said_critical, said_key = said
            recent = said_key != event.key and event.t - said_t < self.config.cooldown_s
            if recent and (said_critical or not event.critical):
                self.dropped.append(Decision(event, event.t, "covered"))
                return
        for i, queued in enumerate(self.queue):
            if queued.key == event.key:
                self.dropped.append(Decision(queued, event.t, "replaced"))
                self.queue[i] = event
                return
            if queued.topic == event.topic:
                if event.critical and not queued.critical:
                    self.dropped.append(Decision(queued, event.t, "covered"))
                    self.queue[i] = event
                else:
                    self.dropped.append(Decision(event, event.t, "covered"))
                return
        self.queue.append(event)

    def tick(self, t: float, demanding: bool) -> list[CoachEvent]:
        """The events to speak now, in order."""
        cfg = self.config
        if demanding:
            self.calm_from = t + cfg.calm_s
        if not self.queue:
            return []
        self._drop_stale(t)
        calm = not demanding and t >= self.calm_from
        spoken = []
        for event in sorted(self.queue, key=lambda e: (e.priority, e.t)):
            if event.critical:
                if calm or t - event.t >= cfg.critical_hold_max_s:
                    spoken.append(event)
            elif calm and not any(not e.critical for e in spoken) and (
                self.last_any is None or t - self.last_any >= cfg.global_gap_s
            ):
                spoken.append(event)
        for event in spoken:
            self.queue.remove(event)
            self.last_spoken[event.key] = t
            self.topic_spoken[event.topic] = (t, event.critical, event.key)
            self.last_any = t
        return spoken

    def _stale_after(self, event: CoachEvent) -> float | None:
        if event.critical:
            return None
        if event.kind is EventKind.SPEEDING:
            return self.config.speeding_stale_s
        return self.config.stale_s if event.kind in _MOMENTARY else None

    def _drop_stale(self, t: float) -> None:
        keep = []
        for event in self.queue:
            limit = self._stale_after(event)
            if limit is not None and t - event.t > limit:
                self.dropped.append(Decision(event, t, "stale"))
                log.debug("dropped stale %s from t=%.0f", event.key, event.t)
            else:
                keep.append(event)
        self.queue = keep


def is_demanding(
    config: CoachConfig,
    speed_kmh: float,
    a_long: float,
    a_lat: float | None,
    indicator: bool,
    reversing: bool,
) -> bool:
    """High speed with strong lateral acceleration, or a manoeuvre in progress."""
    lat = abs(a_lat) if a_lat is not None else 0.0
    return (
        (speed_kmh >= config.demanding_speed_kmh and lat >= config.demanding_lat_ms2)
        or lat >= config.manoeuvre_lat_ms2
        or abs(a_long) >= config.manoeuvre_long_ms2
        or indicator
        or reversing
    )
