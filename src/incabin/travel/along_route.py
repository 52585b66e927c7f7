"""Where points lie relative to a route: distance along it, distance off it, detour time.

Detours are estimated, not routed: the road distance to a point off the route is
ROAD_FACTOR times the straight line, driven there and back at ACCESS_SPEED_KMH.
Every value from here is labelled as an estimate by its callers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from incabin.travel._models import LatLon, Route

EARTH_RADIUS_KM = 6371.0088
ROAD_FACTOR = 1.3
ACCESS_SPEED_KMH = 30.0


@dataclass(frozen=True)
class Projection:
    """A point's position relative to a route."""

    km_from_start: float  # road km from the route's start to where it passes closest
    off_route_km: float  # straight-line km from the route to the point

    @property
    def detour_km(self) -> float:
        """Extra road km to leave the route, reach the point and come back."""
        return 2.0 * self.off_route_km * ROAD_FACTOR

    @property
    def detour_min(self) -> float:
        """Extra minutes for the detour."""
        return self.detour_km / ACCESS_SPEED_KMH * 60.0


def haversine_km(a: LatLon, b: LatLon) -> float:
    """Great-circle distance between two coordinates."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat, dlon = lat2 - lat1, math.radians(b.lon - a.lon)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _to_xy(latlon: np.ndarray, lat0: float) -> np.ndarray:
    """Equirectangular km coordinates, accurate to well under 1 % over a few hundred km."""
    lat = np.radians(latlon[:, 0])
    lon = np.radians(latlon[:, 1])
    return np.column_stack((lon * math.cos(math.radians(lat0)), lat)) * EARTH_RADIUS_KM


class RouteLine:
    """A route's geometry prepared for many projections."""

    def __init__(self, route: Route) -> None:
        points = np.array([(p.lat, p.lon) for p in route.geometry], dtype=float)
        if len(points) < 2:
            raise ValueError("the route has no geometry to place points on")
        self._lat0 = float(points[:, 0].mean())
        xy = _to_xy(points, self._lat0)
        self._starts = xy[:-1]
        self._vectors = xy[1:] - xy[:-1]
        self._lengths = np.hypot(self._vectors[:, 0], self._vectors[:, 1])
        self._cumulative = np.concatenate(([0.0], np.cumsum(self._lengths)))
        geometry_km = float(self._cumulative[-1])
        # Geometry km are scaled to the route's road km, so modelled routes drawn
        # as straight lines still give road distances along them.
        self._scale = route.distance_km / geometry_km if geometry_km > 0 else 0.0

    def project(self, point: LatLon) -> Projection:
        """Where ``point`` lies relative to the route."""
        return self.project_many([point])[0]

    def project_many(self, points: Sequence[LatLon]) -> list[Projection]:
        """:meth:`project` for many points at once (one array operation)."""
        if not points:
            return []
        targets = _to_xy(np.array([(p.lat, p.lon) for p in points], dtype=float), self._lat0)
        # rel[i, j]: from the start of route piece j to point i
        rel = targets[:, None, :] - self._starts[None, :, :]
        t = np.einsum("ijk,jk->ij", rel, self._vectors) / np.maximum(self._lengths**2, 1e-12)
        t = np.clip(t, 0.0, 1.0)
        gap = rel - self._vectors[None, :, :] * t[:, :, None]
        off = np.hypot(gap[:, :, 0], gap[:, :, 1])
        best = np.argmin(off, axis=1)
        rows = np.arange(len(points))
        along = (self._cumulative[best] + t[rows, best] * self._lengths[best]) * self._scale
        return [
            Projection(km_from_start=float(a), off_route_km=float(o))
            for a, o in zip(along, off[rows, best])
        ]


def minutes_to_km(route: Route, km: float) -> float:
    """Driving minutes from the route's start to ``km`` along it."""
    if not route.segments:
        share = km / route.distance_km if route.distance_km > 0 else 0.0
        return route.duration_min * min(max(share, 0.0), 1.0)
    cum_km = np.concatenate(([0.0], np.cumsum([s.distance_km for s in route.segments])))
    cum_min = np.concatenate(([0.0], np.cumsum([s.duration_min for s in route.segments])))
    return float(np.interp(km, cum_km, cum_min))
