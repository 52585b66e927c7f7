"""Standard drive cycles (speed traces) for the simulator.

Shipped as small CSV files in ``data/cycles`` (their first line names the
source): EPA UDDS and HWFET as bundled in NREL FastSim, and WLTC class 3b from
UN GTR No. 15.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from itertools import pairwise

from incabin.vehicle._errors import InvalidValue

CYCLES = ("udds", "hwfet", "wltc3b")


@dataclass(frozen=True)
class DriveCycle:
    """A speed trace: ``times_s`` strictly increasing from 0, ``speeds_kmh`` alongside."""

    name: str
    times_s: tuple[float, ...]
    speeds_kmh: tuple[float, ...]

    @property
    def duration_s(self) -> float:
        """Length of the trace in seconds."""
        return self.times_s[-1]

    @property
    def distance_km(self) -> float:
        """Distance covered (trapezoidal integration)."""
        pairs = zip(pairwise(self.times_s), pairwise(self.speeds_kmh), strict=True)
        return sum((t1 - t0) * (v0 + v1) / 2 for (t0, t1), (v0, v1) in pairs) / 3600.0


@cache
def load_cycle(name: str) -> DriveCycle:
    """One of ``CYCLES`` (``udds``, ``hwfet``, ``wltc3b``)."""
    if name not in CYCLES:
        raise InvalidValue("cycle", name, f"one of: {', '.join(CYCLES)}")
    text = resources.files("incabin.vehicle").joinpath(f"data/cycles/{name}.csv").read_text()
    rows = [line.split(",") for line in text.splitlines() if line and not line.startswith("#")]
    return DriveCycle(name, tuple(float(t) for t, _ in rows), tuple(float(v) for _, v in rows))


def cycle_from_points(points: Sequence[tuple[float, float]], name: str = "custom") -> DriveCycle:
    """A trace from ``(time_s, speed_kmh)`` points; ``InvalidValue`` if they make no trace."""
    try:
        times = tuple(float(t) for t, _ in points)
        speeds = tuple(float(v) for _, v in points)
    except (TypeError, ValueError) as err:
        raise InvalidValue("cycle", points, "a list of (time_s, speed_kmh) pairs") from err
    if len(times) < 2 or times[0] != 0 or any(b <= a for a, b in pairwise(times)):
        raise InvalidValue("cycle", points, "at least two points, times from 0 and increasing")
    if any(not 0 <= v <= 300 for v in speeds):
        raise InvalidValue("cycle", points, "speeds between 0 and 300 km/h")
    return DriveCycle(name, times, speeds)
