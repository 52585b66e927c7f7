"""Typed values of the travel layer: places, routes, steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

PlaceKind = Literal[
    "city",
    "area",
    "street",
    "poi",
    "restaurant",
    "cafe",
    "fast_food",
    "charging",
    "fuel",
    "parking",
    "toilets",
    "waypoint",
]


@dataclass(frozen=True)
class LatLon:
    """A WGS84 coordinate."""

    lat: float
    lon: float


@dataclass(frozen=True)
class Place:
    """A named place: an OSM feature, a city, or a modelled site (``modelled=True``)."""

    name: str
    lat: float
    lon: float
    kind: PlaceKind = "poi"
    osm_id: str | None = None  # e.g. "node/123"; None for modelled sites
    tags: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    name_zh: str | None = None
    region: str = ""  # which network holds it: "helsinki", "monaco", "corridors"
    modelled: bool = False
    area: str = ""  # the neighbourhood or city it lies in, e.g. "Kamppi, Helsinki"

    @property
    def point(self) -> LatLon:
        """The place's coordinate."""
        return LatLon(self.lat, self.lon)


@dataclass(frozen=True)
class RouteStep:
    """One turn-by-turn instruction."""

    instruction: str
    street: str
    distance_km: float
    duration_min: float


@dataclass(frozen=True)
class RouteSegment:
    """A stretch of road with one speed limit, for energy and the coach."""

    distance_km: float
    duration_min: float
    speed_limit_kmh: float
    street: str = ""
    modelled: bool = False


@dataclass(frozen=True)
class Route:
    """A drivable route between points, with geometry and per-segment detail."""

    distance_km: float
    duration_min: float
    geometry: tuple[LatLon, ...]
    segments: tuple[RouteSegment, ...] = ()
    steps: tuple[RouteStep, ...] = ()
    mode: Literal["fastest", "shortest", "eco"] = "fastest"
    modelled: bool = False  # True when distances/speeds are modelled, not from OSM roads
    extra: dict[str, Any] = field(default_factory=dict, compare=False)
