"""Turn-by-turn instructions from a sequence of OSM edges."""

from __future__ import annotations

import itertools

import numpy as np

from incabin.travel._models import RouteStep
from incabin.travel.network import RoadNetwork, bearing_deg

COMPASS = ("north", "northeast", "east", "southeast", "south", "southwest", "west", "northwest")


def turn_phrase(angle: float) -> str:
    """Instruction verb for a heading change in degrees (positive = to the right)."""
    size = abs(angle)
    side = "right" if angle > 0 else "left"
    if size < 25:
        return "Continue"
    if size < 60:
        return f"Turn slight {side}"
    if size < 135:
        return f"Turn {side}"
    if size < 165:
        return f"Turn sharp {side}"
    return "Make a U-turn"


def _edge_bearing(n: RoadNetwork, edge: int) -> float:
    u, v = int(n.edge_u[edge]), int(n.edge_v[edge])
    return bearing_deg(float(n.lat[u]), float(n.lon[u]), float(n.lat[v]), float(n.lon[v]))


def _label(street: str) -> str:
    return street or "the road"


def build_steps(
    n: RoadNetwork, edges: np.ndarray, time_s: np.ndarray, final: bool = True
) -> list[RouteStep]:
    """Steps of one leg: depart, one per change of street (and per town passed on a
    modelled road), then arrive (or reach the stop)."""
    steps: list[RouteStep] = []
    if edges.size:
        street = n.edge_street[edges]
        passes = [i for i, u in enumerate(n.edge_u[edges].tolist()) if i and u in n.node_labels]
        change = np.union1d(np.flatnonzero(np.diff(street) != 0) + 1, passes).astype(int)
        bounds = np.concatenate([[0], change, [edges.size]]).tolist()
        length = n.edge_length_m[edges]
        secs = time_s[edges]
        for a, b in itertools.pairwise(bounds):
            name = n.streets[int(street[a])]
            heading = _edge_bearing(n, int(edges[a]))
            if a == 0:
                text = f"Head {COMPASS[int((heading + 22.5) // 45) % 8]} on {_label(name)}"
            elif street[a] == street[a - 1]:
                town = n.node_labels[int(n.edge_u[edges[a]])]
                text = f"Pass {town} and continue on {_label(name)}"
            else:
                before = _edge_bearing(n, int(edges[a - 1]))
                angle = (heading - before + 540.0) % 360.0 - 180.0
                verb = turn_phrase(angle)
                text = f"{verb} onto {name}" if name else f"{verb} on the road"
            steps.append(
                RouteStep(
                    instruction=text,
                    street=name,
                    distance_km=float(length[a:b].sum()) / 1000.0,
                    duration_min=float(secs[a:b].sum()) / 60.0,
                )
            )
    last = n.streets[int(n.edge_street[edges[-1]])] if edges.size else ""
    steps.append(
        RouteStep(
            instruction="Arrive at your destination" if final else "Arrive at your stop",
            street=last,
            distance_km=0.0,
            duration_min=0.0,
        )
    )
    return steps
