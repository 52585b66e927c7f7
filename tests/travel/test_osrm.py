"""The osrm:<url> backend against a real osrm-routed built from the Monaco extract."""

from __future__ import annotations

import httpx
import numpy as np
import pytest

from incabin.travel import (
    Atlas,
    InvalidTravelRequest,
    LatLon,
    MapDataUnavailable,
    NoRouteFound,
    OsrmRouter,
)

# Named places of the extract, routed pairwise.
MONACO_PLACES = [
    "Casino de Monte-Carlo",
    "Stade Louis II",
    "Gare de Monaco",
    "Musée Océanographique",
    "Jardin Exotique",
    "Grimaldi Forum",
]


@pytest.fixture(scope="module")
def osrm(osrm_url: str) -> OsrmRouter:
    router = OsrmRouter(osrm_url, region="monaco")
    yield router
    router.close()


@pytest.fixture(scope="module")
def places(full_atlas: Atlas):
    return [full_atlas.geocode(name, kinds=["poi", "city", "street"])[0] for name in MONACO_PLACES]


def test_osrm_route_has_geometry_steps_and_segments(osrm: OsrmRouter, places) -> None:
    route = osrm.route([places[0].point, places[1].point])
    assert route.distance_km > 1 and route.duration_min > 1
    assert route.extra["engine"].startswith("osrm:")
    assert route.steps[0].instruction.startswith("Head ")
    assert route.steps[-1].instruction == "Arrive at your destination"
    assert sum(s.distance_km for s in route.segments) == pytest.approx(route.distance_km, rel=0.01)
    assert all(s.speed_limit_kmh >= 10 for s in route.segments)
    assert len(route.geometry) > 10


def test_same_routes_as_the_builtin_engine_within_5_percent(full_atlas: Atlas, osrm, places):
    builtin = full_atlas.regions["monaco"].router
    ratios = []
    for i, a in enumerate(places):
        for b in places[i + 1 :]:
            mine = builtin.route([a.point, b.point])
            theirs = osrm.route([a.point, b.point])
            ratios.append(mine.distance_km / theirs.distance_km)
    assert len(ratios) == 15
    deviations = np.abs(np.array(ratios) - 1)
    # One pair differs by ~10 %: OSRM obeys turn restrictions, which the built-in does not.
    assert np.sum(deviations <= 0.05) >= 14, ratios
    assert np.median(deviations) < 0.01


def test_random_pairs_mostly_agree(full_atlas: Atlas, osrm) -> None:
    """Over random junction pairs nearly all routes agree."""
    graph = full_atlas.regions["monaco"].graph
    rng = np.random.default_rng(11)
    ratios = []
    for a, b in rng.choice(graph.snap_nodes, size=(30, 2)):
        points = [graph.network.node_point(int(a)), graph.network.node_point(int(b))]
        ratios.append(graph.route(points).distance_km / osrm.route(points).distance_km)
    assert np.median(np.abs(np.array(ratios) - 1)) < 0.01
    assert np.mean(np.abs(np.array(ratios) - 1) <= 0.05) >= 0.75


def test_atlas_with_an_osrm_router(osrm_url: str, places) -> None:
    atlas = Atlas.load(["monaco"], routers={"monaco": f"osrm:{osrm_url}"})
    route = atlas.route([places[2], places[3]], mode="shortest")
    assert route.extra["engine"] == f"osrm:{osrm_url}" and route.mode == "shortest"
    eco = atlas.route([places[2], places[3]], mode="eco", avoid=frozenset({"motorways"}))
    assert eco.mode == "eco" and eco.distance_km > 0


def test_errors_are_translated(osrm: OsrmRouter, osrm_url: str) -> None:
    with pytest.raises(InvalidTravelRequest):
        osrm.route([LatLon(43.73, 7.42)])
    with pytest.raises(NoRouteFound):
        # Far outside the extract: OSRM finds no segment near the point.
        OsrmRouter(osrm_url).route([LatLon(43.73, 7.42), LatLon(-33.9, 151.2)])
    dead = OsrmRouter("http://127.0.0.1:9", timeout_s=2.0)
    with pytest.raises(MapDataUnavailable, match="unreachable"):
        dead.route([LatLon(43.73, 7.42), LatLon(43.74, 7.43)])
    not_osrm = OsrmRouter(
        "http://x",
        client=httpx.Client(
            transport=httpx.MockTransport(lambda request: httpx.Response(502, text="bad gateway"))
        ),
    )
    with pytest.raises(MapDataUnavailable, match="no JSON"):
        not_osrm.route([LatLon(43.73, 7.42), LatLon(43.74, 7.43)])
