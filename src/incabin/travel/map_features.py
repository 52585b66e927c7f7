"""What a map screen draws, read from the same OSM extract the road network comes from.

``map_features("helsinki")`` is a GeoJSON ``FeatureCollection`` of the extract's streets
and paths (lines), water (areas and waterway lines), parks and buildings (areas). Each
feature's ``properties`` carry ``layer`` (``street``, ``path``, ``waterway``, ``water``,
``park``, ``building``), the OSM ``class`` (the ``highway`` value for streets) and the
``name`` where OSM has one. The extract is small (central Helsinki: ~2,500 features,
0.1 s to read), so the result is kept per region for the life of the process.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import osmium

from incabin.travel._errors import InvalidTravelRequest
from incabin.travel.network import OSM_ATTRIBUTION
from incabin.travel.osm import helsinki_pbf, monaco_pbf

# The regions that are OSM extracts (the modelled corridors have no streets to draw).
REGION_EXTRACTS: dict[str, Callable[[], Path]] = {"helsinki": helsinki_pbf, "monaco": monaco_pbf}
# Roads a car may use are streets; everything else tagged highway is drawn thinner.
STREETS = frozenset({
    "motorway", "motorway_link", "trunk", "trunk_link", "primary", "primary_link",
    "secondary", "secondary_link", "tertiary", "tertiary_link", "unclassified",
    "residential", "living_street", "service", "road", "pedestrian",
})
PATHS = frozenset({"footway", "cycleway", "path", "steps", "track", "bridleway"})
WATER_LANDUSE = frozenset({"reservoir", "basin"})
PARKS = {"leisure": {"park", "garden", "pitch"},
         "landuse": {"grass", "forest", "meadow", "recreation_ground", "cemetery"},
         "natural": {"wood", "scrub", "grassland"}}
_DIGITS = 6  # ~0.1 m: finer than a screen shows, and a third smaller than osmium's 7


def map_features(region: str = "helsinki") -> dict[str, Any]:
    """The drawable features of ``region``'s OSM extract as a GeoJSON FeatureCollection
    (``InvalidTravelRequest`` for a region that is no extract, ``MapDataUnavailable``
    when its file is missing). The result is shared: treat it as read-only."""
    if region not in REGION_EXTRACTS:
        raise InvalidTravelRequest(
            f"No map extract {region!r}; the extracts are {', '.join(REGION_EXTRACTS)}"
        )
    return _read(REGION_EXTRACTS[region]())


@functools.lru_cache(maxsize=4)
def _read(path: Path) -> dict[str, Any]:
    features: list[dict[str, Any]] = []
    wanted = osmium.filter.KeyFilter("highway", "building", "natural", "waterway", "landuse",
                                     "leisure")
    for obj in osmium.FileProcessor(str(path)).with_areas().with_filter(wanted):
        if isinstance(obj, osmium.osm.Area):
            tags = dict(obj.tags)
            layer = _area_layer(tags)
            rings = _polygons(obj) if layer else []
            if layer and rings:
                features.append(_feature(layer, tags, {"type": "MultiPolygon",
                                                       "coordinates": rings}))
        elif isinstance(obj, osmium.osm.Way):
            tags = dict(obj.tags)
            layer = _line_layer(tags)
            line = _coords(obj.nodes) if layer else []
            if layer and len(line) >= 2:
                features.append(_feature(layer, tags, {"type": "LineString",
                                                       "coordinates": line}))
    bounds = _bounds(features)
    return {"type": "FeatureCollection", "features": features, "bbox": bounds,
            "attribution": OSM_ATTRIBUTION}


def _area_layer(tags: dict[str, str]) -> str | None:
    if "building" in tags:
        return "building"
    if tags.get("natural") == "water" or tags.get("landuse") in WATER_LANDUSE \
            or tags.get("waterway") == "riverbank":
        return "water"
    if any(tags.get(key) in values for key, values in PARKS.items()):
        return "park"
    return None


def _line_layer(tags: dict[str, str]) -> str | None:
    highway = tags.get("highway")
    if highway in STREETS and tags.get("area") != "yes":
        return "street"
    if highway in PATHS:
        return "path"
    if tags.get("waterway") in {"river", "canal", "stream"} or tags.get("natural") == "coastline":
        return "waterway"
    return None


def _feature(layer: str, tags: dict[str, str], geometry: dict[str, Any]) -> dict[str, Any]:
    properties = {"layer": layer, "class": tags.get("highway") or tags.get("building") or ""}
    if "name" in tags:
        properties["name"] = tags["name"]
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _coords(nodes: Iterable[Any]) -> list[list[float]]:
    """``[lon, lat]`` pairs; a way cut at the extract's edge keeps its located nodes."""
    points = []
    for node in nodes:
        location = node.location
        if location.valid():
            points.append([round(location.lon, _DIGITS), round(location.lat, _DIGITS)])
    return points


def _polygons(area: osmium.osm.Area) -> list[list[list[list[float]]]]:
    polygons = []
    for outer in area.outer_rings():
        rings = [_coords(outer), *(_coords(inner) for inner in area.inner_rings(outer))]
        rings = [ring for ring in rings if len(ring) >= 4]
        if rings:
            polygons.append(rings)
    return polygons


def _bounds(features: list[dict[str, Any]]) -> list[float]:
    """``[west, south, east, north]`` of the streets (areas at the edge reach further)."""
    points = [p for f in features if f["properties"]["layer"] == "street"
              for p in f["geometry"]["coordinates"]]
    if not points:
        return []
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return [min(lons), min(lats), max(lons), max(lats)]
