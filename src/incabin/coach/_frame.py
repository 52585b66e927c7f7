"""One sample, decoded once for every detector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from incabin.coach._models import Position


@dataclass(slots=True)
class Frame:
    """The quantities detectors share, derived from a sample and the previous one."""

    t: float
    dt: float  # seconds since the previous sample (0 for the first)
    values: Any  # the sample's mapping, for signals only one detector reads
    speed_kmh: float
    a_long: float  # m/s², measured or derived from speed
    a_lat: float | None  # m/s², None when the car does not report it
    trip_km: float
    soc: float | None
    lat: float | None
    lon: float | None

    @property
    def driving(self) -> bool:
        """Moving faster than walking pace."""
        return self.speed_kmh > 5.0

    def position(self) -> Position:
        """The car's position along the trip."""
        return Position(self.t, self.trip_km, self.lat, self.lon)
