"""The trip's smoothness and safety scores (0-100) and what cost them.

With ``H = max(1, driving hours)`` (so a long trip is not punished for its
length) and each harsh event's severity ``s = min(peak / threshold, 3)``:

    smoothness = 100 − 200·f − Σ_harsh 8·s / H
        f: share of driving time with |longitudinal| ≥ firm_accel_ms2 (2.0 m/s²)
           or |lateral| ≥ corner_release_ms2 (3.0 m/s²)
        harsh: harsh braking, harsh acceleration, sharp cornering

    safety = 100 − Σ_{braking, cornering} 6·s / H
                 − Σ_speeding min(25, (peak_excess / 5 km/h)·(1 + minutes)) / H
                 − Σ_fatigue 5
        speeding: each reported spell above the limit + tolerance
        fatigue: each break reminder (the driver reached the fatigue limit)

Both are clamped to 0-100 and rounded to whole points.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from incabin.coach._models import CoachEvent, EventKind, ScoredEvent
from incabin.coach._motion import SpeedingEpisode

SMOOTH_PER_HARSH = 8.0
SAFETY_PER_HARSH = 6.0
FIRM_WEIGHT = 200.0
SPEEDING_CAP = 25.0
FATIGUE_POINTS = 5.0
MAX_SEVERITY = 3.0

_SMOOTH_KINDS = {EventKind.HARSH_BRAKE, EventKind.HARSH_ACCELERATION, EventKind.SHARP_CORNER}
_SAFETY_KINDS = {EventKind.HARSH_BRAKE, EventKind.SHARP_CORNER}


@dataclass(frozen=True)
class Scores:
    """Both scores and the per-event costs, most costly first."""

    smoothness: int
    safety: int
    costs: tuple[ScoredEvent, ...]


def severity(event: CoachEvent) -> float:
    """Peak over threshold, capped at 3."""
    if not event.value or not event.limit:
        return 1.0
    return min(abs(event.value) / event.limit, MAX_SEVERITY)


def speeding_points(episode: SpeedingEpisode) -> float:
    """Safety points of one speeding spell, before dividing by H."""
    return min(SPEEDING_CAP, episode.peak_excess_kmh / 5.0 * (1.0 + episode.duration_s / 60.0))


def score_trip(
    driving_s: float,
    firm_s: float,
    events: Sequence[CoachEvent],
    speeding: Sequence[SpeedingEpisode],
) -> Scores:
    """Apply the formulas of this module's docstring."""
    hours = max(1.0, driving_s / 3600.0)
    firm_share = firm_s / driving_s if driving_s > 0 else 0.0
    costs: list[ScoredEvent] = []
    for event in events:
        if event.kind in _SMOOTH_KINDS:
            s = severity(event)
            safety = SAFETY_PER_HARSH * s / hours if event.kind in _SAFETY_KINDS else 0.0
            costs.append(ScoredEvent(event, SMOOTH_PER_HARSH * s / hours, safety))
        elif event.kind == EventKind.FATIGUE:
            costs.append(ScoredEvent(event, 0.0, FATIGUE_POINTS))
    costs.extend(ScoredEvent(ep.event, 0.0, speeding_points(ep) / hours) for ep in speeding)
    smooth = 100.0 - FIRM_WEIGHT * firm_share - sum(c.smoothness_points for c in costs)
    safe = 100.0 - sum(c.safety_points for c in costs)
    ranked = tuple(sorted(costs, key=lambda c: (-c.points, c.event.t)))
    return Scores(_clamp(smooth), _clamp(safe), ranked)


def _clamp(x: float) -> int:
    return round(min(100.0, max(0.0, x)))
