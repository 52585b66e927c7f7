"""Place search on the Helsinki extract: top-1 accuracy, clarify/refuse, false navigations.

Run: python benchmarks/place_search.py [--json] [--show-misses]

The queries and the places they mean are in ``place_search/queries.yaml``. Each query is
geocoded from its car position the way the Travel Companion does; the verdict is
``match`` (navigate to the first place), ``clarify`` (several places, or suggestions) or
``refuse`` (nothing). A query is right when a place is expected and the match is it,
or when nothing is expected and there is no match. A *false navigation* is a match to
the wrong place or to anything for a query that names no place on this map.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import yaml

from incabin.travel import Atlas, LatLon, Place
from incabin.travel.network import haversine_m
from incabin.travel.place_text import fold

QUERIES = Path(__file__).resolve().parent / "place_search" / "queries.yaml"
# Another object with the expected place's name this close is the same destination
# (the square and its tram stop, the station building and its node).
SAME_SPOT_M = 300.0


@dataclass(frozen=True)
class Outcome:
    """One query's result."""

    query: str
    cls: str
    verdict: str  # match | clarify | refuse
    answer: str  # "name (osm id)" of the match, or the options offered
    right: bool
    false_navigation: bool


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--show-misses", action="store_true", help="list the wrong answers")
    args = parser.parse_args()
    spec = yaml.safe_load(QUERIES.read_text("utf-8"))
    positions = {k: LatLon(*v) for k, v in spec["positions"].items()}

    start = time.perf_counter()
    atlas = Atlas.default()
    load_s = time.perf_counter() - start
    helsinki = [p for p in atlas.gazetteer.places if p.region == "helsinki"]
    by_id = {p.osm_id: p for p in helsinki if p.osm_id}

    outcomes, times = [], []
    for row in spec["queries"]:
        near = positions[row.get("near", "station")]
        start = time.perf_counter()
        result = atlas.gazetteer.find(str(row["q"]), near=near, limit=5)
        times.append(time.perf_counter() - start)
        outcomes.append(_judge(row, result.verdict, result.places, near, helsinki, by_id))

    classes = sorted({o.cls for o in outcomes}, key=[o.cls for o in outcomes].index)
    table = [_summary(c, [o for o in outcomes if o.cls == c]) for c in classes]
    table.append(_summary("all", outcomes))
    times.sort()
    report: dict[str, Any] = {
        "machine": f"{platform.machine()}, Python {platform.python_version()}",
        "atlas_load_s": round(load_s, 3),
        "search_ms_p50": round(statistics.median(times) * 1000, 2),
        "search_ms_p95": round(times[int(len(times) * 0.95)] * 1000, 2),
        "classes": table,
        "misses": [asdict(o) for o in outcomes if not o.right],
    }
    if args.json:
        json.dump(report, sys.stdout, ensure_ascii=False, indent=2)
        print()
        return
    print(f"Machine: {report['machine']}; atlas load {load_s:.2f} s; search "
          f"p50 {report['search_ms_p50']} ms, p95 {report['search_ms_p95']} ms\n")
    print("| class | n | top-1 | clarify | refuse | false navigations |")
    print("|---|---|---|---|---|---|")
    for row in table:
        print(f"| {row['class']} | {row['n']} | {row['top1']:.0%} | {row['clarify']} | "
              f"{row['refuse']} | {row['false_navigations']} |")
    if args.show_misses:
        print()
        for o in outcomes:
            if not o.right:
                flag = "FALSE NAVIGATION " if o.false_navigation else ""
                print(f"- {flag}[{o.cls}] {o.query!r}: {o.verdict} {o.answer}")


def _judge(
    row: dict[str, Any],
    verdict: str,
    places: tuple[Place, ...],
    near: LatLon,
    helsinki: list[Place],
    by_id: dict[str, Place],
) -> Outcome:
    spoken = {"match": "match", "ambiguous": "clarify"}.get(verdict)
    said = spoken or ("clarify" if places else "refuse")
    if said == "match":
        answer = f"{places[0].name} ({places[0].osm_id})"
    else:
        answer = "; ".join(p.name for p in places)
    expect = row["expect"]
    if expect == "none":
        right = said != "match"
        return Outcome(row["q"], row["class"], said, answer, right, not right)
    wanted = _wanted(expect, near, helsinki, by_id)
    right = said == "match" and any(_same(places[0], w) for w in wanted)
    return Outcome(row["q"], row["class"], said, answer, right, said == "match" and not right)


def _wanted(
    expect: Any, near: LatLon, helsinki: list[Place], by_id: dict[str, Place]
) -> list[Place]:
    """The places a label accepts, found from the map's tags (not from the index)."""
    if isinstance(expect, list):
        missing = [i for i in expect if i not in by_id]
        if missing:
            raise SystemExit(f"labelled places missing from the map: {missing}")
        return [by_id[i] for i in expect]
    if "name" in expect:
        return [p for p in helsinki if fold(p.name) == fold(expect["name"])]
    tags = [t.split("=", 1) for t in expect["nearest"].split("|")]
    tagged = [
        p for p in helsinki
        if any(fold(p.name) == fold(v) if k == "name" else p.tags.get(k) == v for k, v in tags)
    ]
    return sorted(tagged, key=lambda p: haversine_m(near.lat, near.lon, p.lat, p.lon))[:1]


def _same(found: Place, wanted: Place) -> bool:
    if found.osm_id == wanted.osm_id and found.region == wanted.region:
        return True
    close = haversine_m(found.lat, found.lon, wanted.lat, wanted.lon) <= SAME_SPOT_M
    return close and fold(found.name) == fold(wanted.name)


def _summary(cls: str, rows: list[Outcome]) -> dict[str, Any]:
    counts: dict[str, int] = defaultdict(int)
    for o in rows:
        counts[o.verdict] += 1
    return {
        "class": cls,
        "n": len(rows),
        "top1": sum(o.right for o in rows) / len(rows),
        "clarify": counts["clarify"],
        "refuse": counts["refuse"],
        "false_navigations": sum(o.false_navigation for o in rows),
    }


if __name__ == "__main__":
    main()
