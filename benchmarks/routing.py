"""Route queries per second on Monaco: built-in engine vs networkx vs OSRM (HTTP and in-process).

    python benchmarks/routing.py [--pairs 300]

Runs scripts/setup_osrm.sh first (cached), starts osrm-routed on a free port and
times the in-process ``osrm.OSRM`` in the Python 3.12 venv of that script. Every
engine answers the same random pairs of routable nodes; the built-in engine and
OSRM build full routes (geometry, steps, per-segment detail), networkx returns a
bare node path. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import networkx as nx
import numpy as np

from incabin.travel import GraphRouter, OsrmRouter, load_pbf, monaco_pbf
from incabin.travel.osrm import local_osrm_routed

REPO = Path(__file__).resolve().parents[1]

IN_PROCESS = r"""
import json, sys, time, osrm
data = json.load(sys.stdin)
engine = osrm.OSRM(storage_config=data["osrm"], algorithm="CH", use_shared_memory=False)
def run(steps):
    start = time.perf_counter()
    for a, b in data["pairs"]:
        params = osrm.RouteParameters(
            coordinates=[(a[1], a[0]), (b[1], b[0])], steps=steps,
            overview="full" if steps else "false", geometries="geojson",
            annotations=["distance", "duration", "speed"] if steps else [])
        engine.Route(params)
    return time.perf_counter() - start
run(True)  # warm-up
print(json.dumps({"full": run(True), "bare": run(False)}))
"""


def _timed(fn, pairs) -> float:
    start = time.perf_counter()
    for pair in pairs:
        fn(pair)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=300)
    args = parser.parse_args()

    setup = subprocess.run(
        [str(REPO / "scripts" / "setup_osrm.sh")], capture_output=True, text=True, check=True
    )
    data = Path(setup.stdout.strip().splitlines()[-1])
    network = load_pbf(monaco_pbf(), "monaco")
    start = time.perf_counter()
    router = GraphRouter(network)
    prep_s = time.perf_counter() - start

    rng = np.random.default_rng(0)
    nodes = rng.choice(router.snap_nodes, size=(args.pairs, 2))
    pairs = [[network.node_point(int(a)), network.node_point(int(b))] for a, b in nodes]

    rows: list[tuple[str, float, str]] = []
    start = time.perf_counter()
    router.route(pairs[0])  # builds the fastest-mode matrix and all-pairs table
    table_s = time.perf_counter() - start
    rows.append(
        (
            "built-in (scipy csgraph, contracted graph), full Route",
            _timed(router.route, pairs),
            f"one-off: graph {prep_s * 1000:.0f} ms, all-pairs table {table_s * 1000:.0f} ms",
        )
    )

    graph = nx.DiGraph()
    cost = router.edge_cost["fastest"]
    for u, v, c in zip(network.edge_u.tolist(), network.edge_v.tolist(), cost.tolist()):
        if not graph.has_edge(u, v) or graph[u][v]["weight"] > c:
            graph.add_edge(u, v, weight=c)
    node_pairs = [(int(a), int(b)) for a, b in nodes]
    nx_pairs = node_pairs[: max(20, args.pairs // 5)]
    nx_s = _timed(lambda p: nx.dijkstra_path(graph, p[0], p[1], weight="weight"), nx_pairs)
    rows.append(
        (
            "networkx dijkstra_path, node path only",
            nx_s * len(pairs) / len(nx_pairs),
            f"timed on {len(nx_pairs)} pairs",
        )
    )

    bindir = (REPO / ".venv-osrm" / "osrm-bin-dir").read_text().strip()
    with local_osrm_routed(f"{bindir}/osrm-routed", data / "monaco.osrm",
                           data / "routed.log") as url:
        osrm = OsrmRouter(url)
        osrm.route(pairs[0])
        rows.append(
            (
                "OSRM osrm-routed over HTTP (httpx), full Route",
                _timed(osrm.route, pairs),
                "CH, same car profile data",
            )
        )
        ratios = np.array(
            [router.route(p).distance_km / osrm.route(p).distance_km for p in pairs[:100]]
        )
        osrm.close()

    payload = json.dumps(
        {
            "osrm": str(data / "monaco.osrm"),
            "pairs": [[[a.lat, a.lon], [b.lat, b.lon]] for a, b in pairs],
        }
    )
    inproc = subprocess.run(
        [str(REPO / ".venv-osrm" / "bin" / "python"), "-c", IN_PROCESS],
        input=payload,
        capture_output=True,
        text=True,
        check=True,
    )
    times = json.loads(inproc.stdout.strip().splitlines()[-1])
    rows.append(
        ("OSRM in-process osrm.OSRM (Python 3.12), steps + full overview", times["full"], "")
    )
    rows.append(("OSRM in-process osrm.OSRM, no steps, no overview", times["bare"], ""))

    nx_rate = len(pairs) / rows[1][1]
    print(
        f"Monaco: {network.node_count} nodes, {network.edge_count} edges "
        f"({router.junction.size} junctions after contraction), {len(pairs)} random pairs\n"
    )
    print("| engine | queries/s | ms/query | vs networkx | note |")
    print("|---|---:|---:|---:|---|")
    for name, seconds, note in rows:
        rate = len(pairs) / seconds
        print(
            f"| {name} | {rate:,.0f} | {seconds / len(pairs) * 1000:.3f} | "
            f"{rate / nx_rate:.1f}x | {note} |"
        )
    within = float(np.mean(np.abs(ratios - 1) <= 0.05)) * 100
    print(
        f"\nBuilt-in vs OSRM route distance on 100 pairs: median |diff| "
        f"{np.median(np.abs(ratios - 1)) * 100:.2f} %, within 5 %: {within:.0f} % of pairs."
    )
    built_in_ms = rows[0][1] / len(pairs) * 1000
    osrm_ms = times["full"] / len(pairs) * 1000
    print(f"Built-in / OSRM in-process time per full route: {built_in_ms / osrm_ms:.2f}x")
    print(f"Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
