"""Build sample traces with planted events for the coach tests."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from incabin.coach import Sample

SPEED = "Vehicle.Speed"
ACCEL = "Vehicle.Acceleration.Longitudinal"
LAT = "Vehicle.Acceleration.Lateral"


def from_accel(
    duration_s: float,
    hz: float = 10.0,
    accel: Callable[[float], float] = lambda t: 0.0,
    v0_kmh: float = 60.0,
    extra: Callable[[float], Mapping[str, Any]] | None = None,
    with_accel: bool = True,
    t0: float = 0.0,
) -> list[Sample]:
    """Integrate an acceleration profile (m/s²) into speed samples at ``hz``."""
    dt = 1.0 / hz
    n = round(duration_s * hz)
    v = v0_kmh
    out = []
    for i in range(n):
        t = t0 + i * dt
        a = accel(t)
        values: dict[str, Any] = {SPEED: v}
        if with_accel:
            values[ACCEL] = a
        if extra is not None:
            values.update(extra(t))
        out.append(Sample(round(t, 6), values))
        v = max(0.0, v + a * dt * 3.6)
    return out


def pulse(start: float, seconds: float, value: float) -> Callable[[float], float]:
    """``value`` from ``start`` for ``seconds``, else 0."""
    return lambda t: value if start <= t < start + seconds else 0.0


def combine(*parts: Callable[[float], float]) -> Callable[[float], float]:
    """The sum of several profiles."""
    return lambda t: sum(p(t) for p in parts)
