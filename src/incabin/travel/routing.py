"""The built-in routing engine: Dijkstra (scipy.sparse.csgraph) on a contracted road graph.

Chains of degree-two nodes (the shape points of a street between two junctions)
are folded into single edges, which shrinks an OSM city graph about eightfold;
a search then touches junctions only, and the route is unfolded back to every
OSM edge for geometry, segments and steps. Points snap to the nearest node of
the largest strongly connected part (scipy cKDTree); a point in the middle of a
chain leaves through the chain's ends.

When the contracted graph is small (a city: up to ``TABLE_MAX_JUNCTIONS``
junctions) the first query of a mode also computes the all-pairs table of
junction distances and predecessors (float32/int16, ~20 MB for Monaco, under a
second), so later queries only look up and unfold; bigger graphs run one
Dijkstra per query.
"""

from __future__ import annotations

import itertools
import logging
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components, dijkstra
from scipy.spatial import cKDTree

from incabin.travel._errors import InvalidTravelRequest, NoRouteFound
from incabin.travel._models import LatLon, Route, RouteSegment
from incabin.travel.energy import DEFAULT_CAR, steady_energy_kwh
from incabin.travel.network import RoadNetwork, to_xyz
from incabin.travel.steps import build_steps

log = logging.getLogger(__name__)

RouteMode = Literal["fastest", "shortest", "eco"]
MODES: tuple[str, ...] = ("fastest", "shortest", "eco")
AVOIDABLE = frozenset({"motorways", "tolls"})
MOTORWAY_CLASSES = frozenset({"motorway", "motorway_link"})
TABLE_MAX_JUNCTIONS = 4000


class Router(Protocol):
    """Anything that routes between coordinates: the built-in engine or an OSRM server."""

    def route(
        self,
        points: Sequence[LatLon],
        mode: RouteMode = "fastest",
        avoid: frozenset[str] = frozenset(),
    ) -> Route:
        """A route through ``points`` in order."""
        ...


def check_request(points: Sequence[LatLon], mode: str, avoid: frozenset[str]) -> None:
    """Raise :class:`InvalidTravelRequest` for a malformed request."""
    if len(points) < 2:
        raise InvalidTravelRequest("A route needs at least a start and a destination")
    if mode not in MODES:
        raise InvalidTravelRequest(f"Unknown route mode {mode!r}; use one of {', '.join(MODES)}")
    unknown = set(avoid) - AVOIDABLE
    if unknown:
        raise InvalidTravelRequest(
            f"Cannot avoid {', '.join(sorted(unknown))}; only {', '.join(sorted(AVOIDABLE))}"
        )


@dataclass(frozen=True)
class _Anchor:
    """Where a snapped point joins the contracted graph: node, cost offset, edges walked."""

    node: int
    cost: float
    edges: tuple[int, ...]


class GraphRouter:
    """Routes on one :class:`RoadNetwork` (an OSM extract or the modelled corridors)."""

    def __init__(self, network: RoadNetwork) -> None:
        self.network = network
        n = network
        km = n.edge_length_m / 1000.0
        speed = np.maximum(n.edge_travel_kmh, 1.0)
        energy_per_km = {s: steady_energy_kwh(DEFAULT_CAR, 1.0, s) for s in np.unique(speed)}
        self.edge_cost = {
            "fastest": n.edge_length_m / (speed / 3.6),
            "shortest": n.edge_length_m.astype(np.float64),
            "eco": km * np.array([energy_per_km[s] for s in speed]),
        }
        highway_is_motorway = np.array([h in MOTORWAY_CLASSES for h in n.highways], dtype=bool)
        self.edge_motorway = highway_is_motorway[n.edge_highway] if n.edge_count else np.zeros(0)
        named = n.edge_street > 0
        self.node_street = np.zeros(n.node_count, dtype=np.int32)
        self.node_street[n.edge_u[named]] = n.edge_street[named]
        self.node_street[n.edge_v[named]] = n.edge_street[named]
        self._contract()
        self._restrict()
        self._snap_index()
        self._matrices: dict[tuple[str, frozenset[str]], tuple[csr_matrix, dict]] = {}
        self._tables: dict[tuple[str, frozenset[str]], tuple[np.ndarray, np.ndarray]] = {}
        self.table_max_junctions = TABLE_MAX_JUNCTIONS

    # --- preparation -------------------------------------------------------------------------
    def _contract(self) -> None:
        n = self.network
        order = np.argsort(n.edge_u, kind="stable")
        starts = np.searchsorted(n.edge_u[order], np.arange(n.node_count + 1))
        out_edges = [order[starts[i] : starts[i + 1]] for i in range(n.node_count)]
        ins: list[set[int]] = [set() for _ in range(n.node_count)]
        for u, v in zip(n.edge_u.tolist(), n.edge_v.tolist()):
            ins[v].add(u)
        internal = np.zeros(n.node_count, dtype=bool)
        for x in range(n.node_count):
            outs = set(n.edge_v[out_edges[x]].tolist())
            i = ins[x]
            internal[x] = (len(i) == 1 and len(outs) == 1 and i != outs) or (
                len(i) == 2 and i == outs
            )
        self.junction = np.flatnonzero(~internal)
        self.junction_of = np.full(n.node_count, -1, dtype=np.int64)
        self.junction_of[self.junction] = np.arange(self.junction.size)
        chains: list[np.ndarray] = []
        ends: list[tuple[int, int]] = []
        edge_v = n.edge_v
        for j in self.junction.tolist():
            for first in out_edges[j].tolist():
                walk = [first]
                prev, cur = j, int(edge_v[first])
                while internal[cur] and len(walk) <= n.node_count:
                    nxt = next((int(e) for e in out_edges[cur] if edge_v[e] != prev), None)
                    if nxt is None:
                        break
                    walk.append(nxt)
                    prev, cur = cur, int(edge_v[nxt])
                if not internal[cur] and cur != j:
                    chains.append(np.asarray(walk, dtype=np.int64))
                    ends.append((j, cur))
        self.chains = chains
        self.chain_u = np.array([self.junction_of[a] for a, _ in ends], dtype=np.int64)
        self.chain_v = np.array([self.junction_of[b] for _, b in ends], dtype=np.int64)
        flat = np.concatenate(chains) if chains else np.zeros(0, dtype=np.int64)
        offsets = np.cumsum([0] + [c.size for c in chains[:-1]]) if chains else np.zeros(0, int)
        self.chain_cost = {
            m: np.add.reduceat(c[flat], offsets) if chains else np.zeros(0)
            for m, c in self.edge_cost.items()
        }
        self.chain_motorway = (
            np.logical_or.reduceat(self.edge_motorway[flat], offsets)
            if chains
            else np.zeros(0, bool)
        )
        self.chain_toll = (
            np.logical_or.reduceat(n.edge_toll[flat], offsets) if chains else np.zeros(0, bool)
        )
        # For each shape point: the chains through it and its position in them.
        self.on_chain: dict[int, list[tuple[int, int]]] = {}
        for k, chain in enumerate(chains):
            for pos, e in enumerate(chain[:-1].tolist()):
                self.on_chain.setdefault(int(edge_v[e]), []).append((k, pos))

    def _restrict(self) -> None:
        """Arcs of the search graph, with OSM turn restrictions.

        A chain that ends at a junction with restricted turns enters a copy of that
        junction instead, whose outgoing arcs are only the allowed chains; every
        other chain is an arc between its end junctions.
        """
        n = self.network
        size = self.junction.size
        allowed: dict[tuple[int, int], set[int]] = {}  # (from chain, junction) -> chains
        if n.restrictions and n.edge_way.size:
            last_way = np.array([n.edge_way[c[-1]] for c in self.chains], dtype=np.int64)
            first_way = np.array([n.edge_way[c[0]] for c in self.chains], dtype=np.int64)
            for from_way, via, to_way, only in n.restrictions:
                j = int(self.junction_of[via])
                if j < 0:
                    continue  # a via node inside a chain: no turn to restrict
                leaving = set(np.flatnonzero(self.chain_u == j).tolist())
                targets = {m for m in leaving if first_way[m] == to_way}
                for f in np.flatnonzero((self.chain_v == j) & (last_way == from_way)).tolist():
                    current = allowed.setdefault((f, j), leaving)
                    allowed[(f, j)] = current & targets if only else current - targets
        self.copy_of_chain: dict[int, int] = {}
        self.copies_at: dict[int, list[tuple[int, set[int]]]] = {}
        for index, ((f, j), chains) in enumerate(allowed.items()):
            self.copy_of_chain[f] = size + index
            self.copies_at.setdefault(j, []).append((size + index, chains))
        self.search_size = size + len(allowed)
        ends = np.array(
            [self.copy_of_chain.get(k, int(v)) for k, v in enumerate(self.chain_v.tolist())],
            dtype=np.int64,
        )
        arcs = [(self.chain_u, ends, np.arange(self.chain_u.size))]
        for copies in self.copies_at.values():
            for node, chains in copies:
                ks = np.array(sorted(chains), dtype=np.int64)
                arcs.append((np.full(ks.size, node), ends[ks], ks))
        self.arc_from = np.concatenate([a[0] for a in arcs]).astype(np.int64)
        self.arc_to = np.concatenate([a[1] for a in arcs]).astype(np.int64)
        self.arc_chain = np.concatenate([a[2] for a in arcs]).astype(np.int64)

    def _snap_index(self) -> None:
        n = self.network
        size = self.junction.size
        graph = csr_matrix(
            (np.ones(self.chain_u.size), (self.chain_u, self.chain_v)), shape=(size, size)
        )
        _, labels = connected_components(graph, directed=True, connection="strong")
        # Every sizeable strongly connected part is routable (the corridors hold two);
        # specks such as a gated car park are not snapped to.
        counts = np.bincount(labels) if size else np.zeros(1, int)
        main = counts[labels] >= 0.2 * counts.max() if size else np.zeros(0, bool)
        in_main = np.zeros(n.node_count, dtype=bool)
        in_main[self.junction[main]] = True
        for node, where in self.on_chain.items():
            k = where[0][0]
            in_main[node] = bool(main[self.chain_u[k]] and main[self.chain_v[k]])
        self.snap_nodes = np.flatnonzero(in_main)
        self.tree = cKDTree(to_xyz(n.lat[self.snap_nodes], n.lon[self.snap_nodes]))

    def _matrix(self, mode: str, avoid: frozenset[str]) -> tuple[csr_matrix, dict]:
        key = (mode, avoid)
        if key not in self._matrices:
            chain = self.arc_chain
            keep = self.arc_from != self.arc_to
            if "motorways" in avoid:
                keep &= ~self.chain_motorway[chain]
            if "tolls" in avoid:
                keep &= ~self.chain_toll[chain]
            cost = self.chain_cost[mode]
            best: dict[tuple[int, int], int] = {}
            for arc in np.flatnonzero(keep).tolist():
                pair = (int(self.arc_from[arc]), int(self.arc_to[arc]))
                k = int(chain[arc])
                if pair not in best or cost[k] < cost[best[pair]]:
                    best[pair] = k
            rows = np.array([p[0] for p in best], dtype=np.int64)
            cols = np.array([p[1] for p in best], dtype=np.int64)
            ks = np.fromiter(best.values(), dtype=np.int64, count=len(best))
            size = self.search_size
            # Zero-cost edges vanish in a sparse matrix, so costs get a tiny floor.
            matrix = csr_matrix((np.maximum(cost[ks], 1e-9), (rows, cols)), shape=(size, size))
            self._matrices[key] = (matrix, best)
        return self._matrices[key]

    def _search(
        self, mode: str, avoid: frozenset[str], sources: list[int]
    ) -> tuple[np.ndarray, np.ndarray]:
        """Distance and predecessor rows from ``sources`` (junction indices)."""
        matrix, _ = self._matrix(mode, avoid)
        if self.search_size > self.table_max_junctions:
            return dijkstra(matrix, directed=True, indices=sources, return_predecessors=True)
        key = (mode, avoid)
        if key not in self._tables:
            dist, pred = dijkstra(matrix, directed=True, return_predecessors=True)
            self._tables[key] = (dist.astype(np.float32), pred.astype(np.int16))
        dist, pred = self._tables[key]
        return dist[sources].astype(np.float64), pred[sources]

    # --- snapping ----------------------------------------------------------------------------
    def snap(self, point: LatLon) -> tuple[int, float]:
        """Nearest routable OSM node to ``point`` and its distance in metres."""
        dist, i = self.tree.query(to_xyz(np.array([point.lat]), np.array([point.lon]))[0])
        return int(self.snap_nodes[i]), float(dist)

    def _blocked(self, edges: Sequence[int] | np.ndarray, avoid: frozenset[str]) -> bool:
        """Whether a stretch of edges uses a road class the driver wants to avoid."""
        if not avoid or not len(edges):
            return False
        index = np.asarray(edges, dtype=np.int64)
        return bool(
            ("motorways" in avoid and self.edge_motorway[index].any())
            or ("tolls" in avoid and self.network.edge_toll[index].any())
        )

    def _anchors(self, node: int, mode: str, leaving: bool, avoid: frozenset[str]) -> list[_Anchor]:
        j = int(self.junction_of[node])
        if j >= 0:
            if leaving:
                return [_Anchor(j, 0.0, ())]
            # Arriving at a junction by any turn, restricted or not, is arriving.
            return [_Anchor(j, 0.0, ())] + [
                _Anchor(copy, 0.0, ()) for copy, _ in self.copies_at.get(j, [])
            ]
        cost = self.edge_cost[mode]
        anchors = []
        for k, pos in self.on_chain.get(node, []):
            chain = self.chains[k].tolist()
            part = tuple(chain[pos + 1 :]) if leaving else tuple(chain[: pos + 1])
            if self._blocked(part, avoid):
                continue
            part_cost = float(cost[list(part)].sum())
            if leaving:
                joint = self.copy_of_chain.get(k, int(self.chain_v[k]))
                anchors.append(_Anchor(joint, part_cost, part))
                continue
            start = int(self.chain_u[k])
            anchors.append(_Anchor(start, part_cost, part))
            anchors.extend(
                _Anchor(copy, part_cost, part)
                for copy, chains in self.copies_at.get(start, [])
                if k in chains
            )
        return anchors

    def street_at(self, node: int) -> str:
        """Name of a street through ``node`` ("" when all its roads are unnamed)."""
        return self.network.streets[int(self.node_street[node])]

    def street_zh_at(self, node: int) -> str | None:
        """Chinese name of that street, when OSM (or the corridor table) has one."""
        return self.network.streets_zh[int(self.node_street[node])]

    # --- search ------------------------------------------------------------------------------
    def leg_edges(self, start: int, end: int, mode: str, avoid: frozenset[str]) -> list[int]:
        """OSM edge ids of the cheapest path between two snapped nodes."""
        if start == end:
            return []
        _, best = self._matrix(mode, avoid)
        cost = self.edge_cost[mode]
        exits = self._anchors(start, mode, leaving=True, avoid=avoid)
        entries = self._anchors(end, mode, leaving=False, avoid=avoid)
        winner: tuple[float, list[int]] | None = None
        # Both points on the same chain, the start before the end: drive along it.
        for ks, ps in self.on_chain.get(start, []):
            for ke, pe in self.on_chain.get(end, []):
                part = self.chains[ks][ps + 1 : pe + 1]
                if ks == ke and ps < pe and not self._blocked(part, avoid):
                    total = float(cost[part].sum())
                    if winner is None or total < winner[0]:
                        winner = (total, part.tolist())
        sources = sorted({a.node for a in exits})
        if sources:
            dist, pred = self._search(mode, avoid, sources)
            row_of = {source: row for row, source in enumerate(sources)}
            through: tuple[float, _Anchor, _Anchor] | None = None
            for out in exits:
                row = dist[row_of[out.node]]
                for into in entries:
                    total = out.cost + float(row[into.node]) + into.cost
                    if math.isfinite(total) and (through is None or total < through[0]):
                        through = (total, out, into)
            if through is not None and (winner is None or through[0] < winner[0]):
                total, out, into = through
                path = self._unfold(pred[row_of[out.node]], out.node, into.node, best)
                winner = (total, [*out.edges, *path, *into.edges])
        if winner is None:
            raise NoRouteFound(self._why_not(avoid))
        return winner[1]

    def _unfold(self, pred: np.ndarray, source: int, target: int, best: dict) -> list[int]:
        junctions = [target]
        while junctions[-1] != source:
            junctions.append(int(pred[junctions[-1]]))
        junctions.reverse()
        if len(junctions) < 2:
            return []
        chains = [self.chains[best[(a, b)]] for a, b in itertools.pairwise(junctions)]
        return np.concatenate(chains).tolist()

    def _why_not(self, avoid: frozenset[str]) -> str:
        if avoid:
            return (
                f"the destination cannot be reached while avoiding {' and '.join(sorted(avoid))}"
                f" in {self.network.region}"
            )
        return f"the destination is not connected to the start by drivable roads in {self.network.region}"

    # --- public ------------------------------------------------------------------------------
    def route(
        self,
        points: Sequence[LatLon],
        mode: RouteMode = "fastest",
        avoid: frozenset[str] = frozenset(),
    ) -> Route:
        """The best route through ``points`` in order (via stops included)."""
        check_request(points, mode, avoid)
        avoid = frozenset(avoid)
        nodes = [self.snap(p)[0] for p in points]
        legs = [self.leg_edges(a, b, mode, avoid) for a, b in itertools.pairwise(nodes)]
        return self.assemble(nodes, legs, mode)

    def assemble(self, nodes: list[int], legs: list[list[int]], mode: RouteMode) -> Route:
        """Turn per-leg OSM edge lists into a :class:`Route`."""
        n = self.network
        lat, lon = n.lat, n.lon
        geometry = [LatLon(float(lat[nodes[0]]), float(lon[nodes[0]]))]
        segments: list[RouteSegment] = []
        steps = []
        distance = duration = 0.0
        time_s = self.edge_cost["fastest"]
        for index, leg in enumerate(legs):
            edges = np.asarray(leg, dtype=np.int64)
            last = index == len(legs) - 1
            steps.extend(build_steps(n, edges, time_s, final=last))
            if edges.size == 0:
                continue
            vs = n.edge_v[edges]
            geometry.extend(map(LatLon, lat[vs].tolist(), lon[vs].tolist()))
            length = n.edge_length_m[edges]
            secs = time_s[edges]
            distance += float(length.sum())
            duration += float(secs.sum())
            segments.extend(self._segments(edges, length, secs))
        return Route(
            distance_km=distance / 1000.0,
            duration_min=duration / 60.0,
            geometry=tuple(geometry),
            segments=tuple(segments),
            steps=tuple(steps),
            mode=mode,
            modelled=n.modelled,
            extra={"region": n.region, "attribution": n.attribution, "engine": "built-in"},
        )

    def _segments(
        self, edges: np.ndarray, length: np.ndarray, secs: np.ndarray
    ) -> list[RouteSegment]:
        n = self.network
        speed = n.edge_speed_kmh[edges]
        street = n.edge_street[edges]
        change = np.flatnonzero((np.diff(speed) != 0) | (np.diff(street) != 0)) + 1
        bounds = np.concatenate([[0], change, [edges.size]])
        return [
            RouteSegment(
                distance_km=float(length[a:b].sum()) / 1000.0,
                duration_min=float(secs[a:b].sum()) / 60.0,
                speed_limit_kmh=float(speed[a]),
                street=n.streets[int(street[a])],
                modelled=n.modelled,
            )
            for a, b in zip(bounds[:-1].tolist(), bounds[1:].tolist())
        ]
