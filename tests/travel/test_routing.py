"""The built-in engine: optimality against networkx, modes, one-ways, avoid, steps, via stops."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from incabin.travel import (
    GraphRouter,
    InvalidTravelRequest,
    LatLon,
    NoRouteFound,
    helsinki_pbf,
    load_pbf,
    monaco_pbf,
)
from incabin.travel.energy import DEFAULT_CAR, steady_energy_kwh
from incabin.travel.network import haversine_m
from incabin.travel.osm import read_pbf
from tests.travel.tiny_map import NODES, write_tiny_map

A, B, C, D = (LatLon(*NODES[i]) for i in (1, 2, 3, 4))


@pytest.fixture(scope="module")
def helsinki() -> GraphRouter:
    return GraphRouter(load_pbf(helsinki_pbf(), "helsinki"))


@pytest.fixture(scope="module")
def monaco(osrm_data) -> GraphRouter:
    return GraphRouter(load_pbf(monaco_pbf(), "monaco"))


@pytest.fixture()
def tiny(tmp_path: Path) -> GraphRouter:
    return GraphRouter(read_pbf(write_tiny_map(tmp_path), "tiny"))


def _pairs(router: GraphRouter, count: int, seed: int) -> list[list[LatLon]]:
    rng = np.random.default_rng(seed)
    n = router.network
    return [
        [n.node_point(int(a)), n.node_point(int(b))]
        for a, b in rng.choice(router.snap_nodes, size=(count, 2))
    ]


def test_costs_equal_networkx_dijkstra_on_monaco(monaco: GraphRouter) -> None:
    """Contraction and the all-pairs table must not change the optimum: compare with
    networkx on the raw graph, for the table and for per-query Dijkstra."""
    # networkx sees no turn restrictions, so neither may the engines compared with it.
    n = replace(monaco.network, restrictions=[])
    monaco = GraphRouter(n)
    per_query = GraphRouter(n)
    per_query.table_max_junctions = 0
    for mode in ("fastest", "shortest", "eco"):
        cost = monaco.edge_cost[mode]
        graph = nx.DiGraph()
        for u, v, c in zip(n.edge_u.tolist(), n.edge_v.tolist(), cost.tolist()):
            if not graph.has_edge(u, v) or graph[u][v]["w"] > c:
                graph.add_edge(u, v, w=c)
        for start, end in _pairs(monaco, 12, seed=hash(mode) % 1000):
            s, _ = monaco.snap(start)
            e, _ = monaco.snap(end)
            expected = nx.dijkstra_path_length(graph, s, e, weight="w")
            edges = monaco.leg_edges(s, e, mode, frozenset())
            assert float(cost[edges].sum()) == pytest.approx(expected, rel=1e-6, abs=1e-9)
            again = per_query.leg_edges(s, e, mode, frozenset())
            assert float(cost[again].sum()) == pytest.approx(expected, rel=1e-9, abs=1e-9)
            if edges:  # the path is connected and runs from s to e
                assert n.edge_u[edges[0]] == s and n.edge_v[edges[-1]] == e
                assert np.all(n.edge_v[edges[:-1]] == n.edge_u[edges[1:]])


def test_modes_trade_off_as_their_names_say(helsinki: GraphRouter) -> None:
    for start, end in _pairs(helsinki, 10, seed=3):
        fastest = helsinki.route([start, end], "fastest")
        shortest = helsinki.route([start, end], "shortest")
        eco = helsinki.route([start, end], "eco")
        assert shortest.distance_km <= fastest.distance_km + 1e-9
        assert fastest.duration_min <= shortest.duration_min + 1e-9

        def energy(route):
            return sum(
                steady_energy_kwh(DEFAULT_CAR, s.distance_km, s.speed_limit_kmh)
                for s in route.segments
            )

        assert energy(eco) <= min(energy(fastest), energy(shortest)) + 1e-9
        assert (fastest.mode, shortest.mode, eco.mode) == ("fastest", "shortest", "eco")


def test_route_geometry_segments_and_steps_are_consistent(helsinki: GraphRouter) -> None:
    start, end = LatLon(60.1699, 24.9384), LatLon(60.1660, 24.9500)
    route = helsinki.route([start, end])
    straight = haversine_m(start.lat, start.lon, end.lat, end.lon) / 1000.0
    assert straight * 0.8 < route.distance_km < straight * 3
    assert route.geometry[0] == helsinki.network.node_point(helsinki.snap(start)[0])
    assert sum(s.distance_km for s in route.segments) == pytest.approx(route.distance_km)
    assert sum(s.duration_min for s in route.segments) == pytest.approx(route.duration_min)
    assert sum(s.distance_km for s in route.steps) == pytest.approx(route.distance_km)
    for segment in route.segments:  # driven at or below the limit, never faster
        driven_kmh = segment.distance_km / (segment.duration_min / 60.0)
        assert 5.0 <= driven_kmh <= segment.speed_limit_kmh + 1e-6
    assert route.steps[0].instruction.startswith("Head ")
    assert route.steps[-1].instruction == "Arrive at your destination"
    turns = [s.instruction for s in route.steps[1:-1]]
    assert any(t.startswith("Turn") and " onto " in t for t in turns)
    assert all(s.street in t for s, t in zip(route.steps[1:-1], turns) if s.street)
    assert not route.modelled and "OpenStreetMap" in route.extra["attribution"]


def test_one_way_streets_are_respected(tiny: GraphRouter) -> None:
    down = tiny.route([A, D], "shortest")
    assert down.distance_km == pytest.approx(1.113, abs=0.01)  # straight down Oneway St
    up = tiny.route([D, A], "shortest")  # against the one-way: around by C and B
    assert up.distance_km > 2.5
    assert [s.street for s in up.steps[:-1]] == ["Ring Motorway", "Back Rd", "Main St"]
    # East on the motorway, north-east up Back Rd, then west along Main St.
    assert up.steps[1].instruction == "Turn slight left onto Back Rd"
    assert up.steps[2].instruction == "Turn left onto Main St"


@pytest.mark.parametrize("restriction", ["no_left_turn", "only_straight_on"])
def test_turn_restrictions_are_obeyed(tmp_path: Path, restriction: str) -> None:
    free = GraphRouter(read_pbf(write_tiny_map(tmp_path), "tiny")).route([D, A], "shortest")
    network = read_pbf(write_tiny_map(tmp_path, restriction), "tiny")
    assert len(network.restrictions) == 1
    bound = GraphRouter(network).route([D, A], "shortest")
    # No left from Back Rd onto Main St: down Stub Rd, turn at its end, then Main St.
    assert [s.street for s in bound.steps[:-1]] == [
        "Ring Motorway",
        "Back Rd",
        "Stub Rd",
        "Main St",
    ]
    assert bound.distance_km == pytest.approx(free.distance_km + 2 * 0.556, abs=0.01)
    # Arriving at C itself by that turn is fine: a restriction binds the way out.
    to_c = GraphRouter(network).route([D, C], "shortest")
    unrestricted = GraphRouter(read_pbf(write_tiny_map(tmp_path), "tiny")).route([D, C])
    assert to_c.distance_km == pytest.approx(unrestricted.distance_km)
    assert [s.street for s in to_c.steps[:-1]] == ["Ring Motorway", "Back Rd"]


def test_avoid_motorways_and_tolls(tiny: GraphRouter) -> None:
    assert "Ring Motorway" in {s.street for s in tiny.route([D, C]).segments}
    for avoid in ({"motorways"}, {"tolls"}):
        with pytest.raises(NoRouteFound, match="avoiding"):
            tiny.route([D, C], avoid=frozenset(avoid))
    detour = tiny.route([A, C], avoid=frozenset({"motorways", "tolls"}))
    assert {s.street for s in detour.segments} == {"Main St"}


def test_via_stops(helsinki: GraphRouter) -> None:
    a, b, c = LatLon(60.1699, 24.9384), LatLon(60.1660, 24.9420), LatLon(60.1760, 24.9500)
    whole = helsinki.route([a, b, c])
    legs = helsinki.route([a, b]), helsinki.route([b, c])
    assert whole.distance_km == pytest.approx(sum(x.distance_km for x in legs))
    assert [s.instruction for s in whole.steps].count("Arrive at your stop") == 1
    assert whole.steps[-1].instruction == "Arrive at your destination"


def test_same_point_gives_an_empty_route(helsinki: GraphRouter) -> None:
    point = LatLon(60.1699, 24.9384)
    route = helsinki.route([point, point])
    assert route.distance_km == 0 and route.steps[-1].instruction == "Arrive at your destination"


@pytest.mark.parametrize(
    ("points", "mode", "avoid", "message"),
    [
        ([LatLon(60.17, 24.94)], "fastest", frozenset(), "at least a start"),
        ([LatLon(60.17, 24.94)] * 2, "scenic", frozenset(), "Unknown route mode"),
        ([LatLon(60.17, 24.94)] * 2, "fastest", frozenset({"ferries"}), "Cannot avoid ferries"),
    ],
)
def test_malformed_requests(helsinki, points, mode, avoid, message) -> None:
    with pytest.raises(InvalidTravelRequest, match=message):
        helsinki.route(points, mode, avoid)
