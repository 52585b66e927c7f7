"""Detectors for how the car is driven: harsh events, speeding, fatigue."""

from __future__ import annotations

from dataclasses import dataclass

from incabin.coach._context import TripContext
from incabin.coach._frame import Frame
from incabin.coach._models import CoachEvent, EventKind, Priority
from incabin.coach._settings import CoachConfig


class Hysteresis:
    """A threshold with a lower re-arm level; one event per episode, emitted when it ends.

    The event's ``value`` is the episode's peak, ``started_at`` its onset. Episodes
    shorter than ``min_duration_s`` (a pothole's spike) are ignored.
    """

    def __init__(
        self,
        kind: EventKind,
        priority: Priority,
        trigger: float,
        release: float,
        min_duration_s: float,
        unit: str = "m/s²",
    ) -> None:
        self.kind, self.priority, self.unit = kind, priority, unit
        self.trigger, self.release, self.min_duration_s = trigger, release, min_duration_s
        self.start: float | None = None
        self.peak = 0.0

    def update(self, t: float, x: float) -> CoachEvent | None:
        """Feed the magnitude ``x`` at time ``t``."""
        if self.start is None:
            if x >= self.trigger:
                self.start, self.peak = t, x
            return None
        self.peak = max(self.peak, x)
        if x >= self.release:
            return None
        return self._close(t)

    def finish(self, t: float) -> CoachEvent | None:
        """Close an episode still open at the end of the trip."""
        return self._close(t) if self.start is not None else None

    def _close(self, t: float) -> CoachEvent | None:
        start, self.start = self.start, None
        assert start is not None
        # The episode lasts until the sample that fell below the release level.
        duration = t - start
        if duration < self.min_duration_s:
            return None
        return CoachEvent(
            self.kind, t, self.priority, round(self.peak, 2), self.unit, self.trigger,
            started_at=start, duration_s=round(duration, 2),
        )


@dataclass(frozen=True)
class SpeedingEpisode:
    """A finished (or still open) spell above the limit, for the safety score."""

    event: CoachEvent
    peak_excess_kmh: float
    duration_s: float
    time_saved_s: float  # what the extra speed gained over driving at the limit


class Speeding:
    """Speed above the limit plus tolerance for at least ``speeding_min_s``."""

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.over_since: float | None = None
        self.event: CoachEvent | None = None
        self.peak_excess = 0.0
        self.saved_s = 0.0
        self.over_s = 0.0  # total time above limit + tolerance
        self.episodes: list[SpeedingEpisode] = []

    def update(self, f: Frame, limit: float | None) -> CoachEvent | None:
        """Feed one frame with the limit in force (None: unknown)."""
        cfg = self.config
        if limit is None or f.speed_kmh <= limit + cfg.speeding_tolerance_kmh:
            # Hysteresis: the spell ends only once back within the tolerance's lower half.
            if self.over_since is not None and (
                limit is None or f.speed_kmh <= limit + cfg.speeding_tolerance_kmh / 2
            ):
                self._close(f.t)
            return None
        self.over_s += f.dt
        excess = f.speed_kmh - limit
        if self.over_since is None:
            self.over_since, self.peak_excess, self.saved_s = f.t, excess, 0.0
        self.peak_excess = max(self.peak_excess, excess)
        self.saved_s += f.dt * (1.0 - limit / f.speed_kmh)
        if self.event is None and f.t - self.over_since >= cfg.speeding_min_s:
            self.event = CoachEvent(
                EventKind.SPEEDING, f.t, Priority.SAFETY, round(f.speed_kmh), "km/h", limit,
                started_at=self.over_since,
            )
            return self.event
        return None

    def finish(self, t: float) -> None:
        """Close an open spell at the end of the trip."""
        if self.over_since is not None:
            self._close(t)

    def open_episode(self, t: float) -> SpeedingEpisode | None:
        """The current spell, if one is reported and still going."""
        if self.event is None or self.over_since is None:
            return None
        return SpeedingEpisode(self.event, self.peak_excess, t - self.over_since, self.saved_s)

    def _close(self, t: float) -> None:
        if self.event is not None and self.over_since is not None:
            self.episodes.append(
                SpeedingEpisode(self.event, self.peak_excess, t - self.over_since, self.saved_s)
            )
        self.over_since, self.event = None, None


class Fatigue:
    """Continuous driving time; a break of ``break_min_s`` standing still resets it."""

    def __init__(self, config: CoachConfig) -> None:
        self.config = config
        self.driving_since: float | None = None
        self.stopped_since: float | None = None
        self.next_due = 0.0  # continuous driving time before which no reminder is given
        self.longest_s = 0.0

    def update(self, f: Frame, context: TripContext) -> CoachEvent | None:
        """Feed one frame."""
        cfg = self.config
        if not f.driving:
            if self.stopped_since is None:
                self.stopped_since = f.t
            if self.driving_since is not None and f.t - self.stopped_since >= cfg.break_min_s:
                self.driving_since, self.next_due = None, 0.0
            return None
        self.stopped_since = None
        if self.driving_since is None:
            self.driving_since = f.t
        driven = f.t - self.driving_since
        self.longest_s = max(self.longest_s, driven)
        # The clock only matters once the shorter, night-time limit is reached.
        if driven < cfg.fatigue_after_s * cfg.night_factor or driven < self.next_due:
            return None
        night = cfg.is_night(f.t)
        limit = cfg.fatigue_after_s * (cfg.night_factor if night else 1.0)
        if driven < limit:
            return None
        self.next_due = driven + cfg.fatigue_repeat_s
        stop = context.next_stop(f.position()) if context.next_stop else None
        return CoachEvent(
            EventKind.FATIGUE, f.t, Priority.SAFETY, round(driven / 60), "min", round(limit / 60),
            started_at=self.driving_since, duration_s=driven, next_stop=stop,
            extra=(("night", 1.0 if night else 0.0),),
        )

    def continuous_s(self, t: float) -> float:
        """Driving time since the last real break."""
        return 0.0 if self.driving_since is None else t - self.driving_since
