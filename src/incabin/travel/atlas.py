"""``Atlas``: the one object the agents use for maps — geocoding, "where am I?", routing, POIs.

An atlas holds regions (``helsinki``, ``monaco``: real OSM extracts; ``corridors``:
modelled intercity motorways). Each region has a road network and a router: the
built-in engine by default, or ``osrm:<url>`` to route on an OSRM server.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from incabin.travel._errors import InvalidTravelRequest, NoRouteFound, OutsideMap
from incabin.travel._models import LatLon, Place, Route
from incabin.travel.corridors import corridor_network
from incabin.travel.geocoding import AreaIndex, Gazetteer
from incabin.travel.network import RoadNetwork, haversine_m
from incabin.travel.osm import helsinki_pbf, load_pbf, monaco_pbf
from incabin.travel.routing import GraphRouter, RouteMode, Router, check_request

REGION_LOADERS: dict[str, Callable[[], RoadNetwork]] = {
    "helsinki": lambda: load_pbf(helsinki_pbf(), "helsinki"),
    "monaco": lambda: load_pbf(monaco_pbf(), "monaco"),
    "corridors": corridor_network,
}
DEFAULT_REGIONS = ("helsinki", "corridors")
# How far from the nearest road a point may be and still count as inside a region.
REGION_REACH_M = {"corridors": 40_000.0}
DEFAULT_REACH_M = 1_500.0
POI_KINDS = frozenset(
    {"restaurant", "cafe", "fast_food", "charging", "fuel", "parking", "toilets", "poi"}
)


@dataclass
class Region:
    """One loaded map: its network, the graph used for snapping, and its router."""

    name: str
    network: RoadNetwork
    graph: GraphRouter
    router: Router


def make_router(spec: str | Router, graph: GraphRouter) -> Router:
    """``"builtin"``, ``"osrm:<url>"`` or a ready router object."""
    if not isinstance(spec, str):
        return spec
    if spec in ("", "builtin"):
        return graph
    if spec.startswith("osrm:"):
        from incabin.travel.osrm import OsrmRouter

        return OsrmRouter(spec.removeprefix("osrm:"), region=graph.network.region)
    raise InvalidTravelRequest(f"Unknown router {spec!r}; use 'builtin' or 'osrm:<url>'")


class Atlas:
    """Geocoding, reverse geocoding, routing and POIs over the loaded regions."""

    def __init__(self, regions: Iterable[Region]) -> None:
        self.regions: dict[str, Region] = {r.name: r for r in regions}
        if not self.regions:
            raise InvalidTravelRequest("An atlas needs at least one region")
        places = [p for r in self.regions.values() for p in r.network.places]
        self.gazetteer = Gazetteer(places)
        self._areas = AreaIndex(places)

    @classmethod
    def load(
        cls,
        names: Sequence[str] = DEFAULT_REGIONS,
        routers: Mapping[str, str | Router] | None = None,
    ) -> Atlas:
        """Load regions by name; ``routers`` maps a region to ``"osrm:<url>"`` (or a router)."""
        unknown = [n for n in names if n not in REGION_LOADERS]
        if unknown:
            raise InvalidTravelRequest(
                f"Unknown map region(s) {', '.join(unknown)}; known: {', '.join(REGION_LOADERS)}"
            )
        regions = []
        for name in names:
            network, graph = _load_region(name)
            spec = (routers or {}).get(name, "builtin")
            regions.append(Region(name, network, graph, make_router(spec, graph)))
        return cls(regions)

    @classmethod
    def default(cls) -> Atlas:
        """Helsinki and the intercity corridors, shared by the whole process."""
        return _default_atlas()

    # --- facts -------------------------------------------------------------------------------
    @property
    def attribution(self) -> str:
        """Data credits to show with any map output (ODbL for OSM, CC BY for GeoNames)."""
        return "; ".join(dict.fromkeys(r.network.attribution for r in self.regions.values()))

    def region_of(self, point: LatLon) -> str:
        """Name of the region whose roads are nearest to ``point``; :class:`OutsideMap` if none."""
        best: tuple[float, str] | None = None
        for region in self.regions.values():
            _, metres = region.graph.snap(point)
            near = metres <= REGION_REACH_M.get(region.name, DEFAULT_REACH_M)
            if near and (best is None or metres < best[0]):
                best = (metres, region.name)
        if best is None:
            raise OutsideMap(point.lat, point.lon, list(self.regions))
        return best[1]

    def pois(self, region: str | None = None, kinds: Collection[str] | None = None) -> list[Place]:
        """Points of interest (restaurants, chargers, fuel, parking, ...) as OSM-tagged places."""
        if region is not None and region not in self.regions:
            raise InvalidTravelRequest(
                f"No region {region!r} loaded; have {', '.join(self.regions)}"
            )
        wanted = set(kinds) if kinds else POI_KINDS
        chosen = [self.regions[region]] if region else list(self.regions.values())
        return [p for r in chosen for p in r.network.places if p.kind in wanted]

    # --- geocoding ---------------------------------------------------------------------------
    def geocode(
        self,
        query: str,
        near: LatLon | None = None,
        kinds: Collection[str] | None = None,
        limit: int = 5,
    ) -> list[Place]:
        """Places called ``query`` (streets, POIs, cities; English or Chinese), best first.

        Raises :class:`PlaceNotFound` with the closest names as suggestions.
        """
        return self.gazetteer.search(query, near=near, kinds=kinds, limit=limit)

    def reverse(self, point: LatLon) -> Place:
        """ "Where am I?": the nearest street (or corridor road) with its area filled in."""
        region = self.regions[self.region_of(point)]
        graph, network = region.graph, region.network
        node, _ = graph.snap(point)
        street = graph.street_at(node)
        here = network.node_point(node)
        area = self._areas.describe(here)
        return Place(
            name=street or "unnamed road",
            lat=here.lat,
            lon=here.lon,
            kind="street",
            name_zh=graph.street_zh_at(node),
            region=region.name,
            modelled=network.modelled,
            area=area,
            tags={"distance_m": f"{haversine_m(point.lat, point.lon, here.lat, here.lon):.0f}"},
        )

    # --- routing -----------------------------------------------------------------------------
    def route(
        self,
        points: Sequence[Place | LatLon],
        mode: RouteMode = "fastest",
        avoid: frozenset[str] = frozenset(),
    ) -> Route:
        """A route through ``points`` in order (start, via stops, destination).

        Raises :class:`NoRouteFound` (with the reason) when the points are in
        different regions or not connected, :class:`OutsideMap` for a point off
        every map, :class:`InvalidTravelRequest` for a bad mode or avoid value.
        """
        coords = [p.point if isinstance(p, Place) else p for p in points]
        check_request(coords, mode, frozenset(avoid))
        regions = [self.region_of(c) for c in coords]
        if len(set(regions)) > 1:
            labels = [
                p.name if isinstance(p, Place) else f"({p.lat:.4f}, {p.lon:.4f})" for p in points
            ]
            where = ", ".join(f"{label} is in {r}" for label, r in zip(labels, regions))
            raise NoRouteFound(f"{where}: no road connects these map regions")
        return self.regions[regions[0]].router.route(coords, mode, frozenset(avoid))


@functools.cache
def _load_region(name: str) -> tuple[RoadNetwork, GraphRouter]:
    """Network and graph of a region, built once per process (both are read-only)."""
    network = REGION_LOADERS[name]()
    return network, GraphRouter(network)


@functools.cache
def _default_atlas() -> Atlas:
    return Atlas.load(DEFAULT_REGIONS)
