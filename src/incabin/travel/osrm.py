"""``osrm:<url>``: the same :class:`Router` interface over an OSRM server's HTTP API.

OSRM's car profile optimises travel time. For ``shortest`` and ``eco`` the router
asks for alternatives and keeps the shortest, or the one needing the least
energy by :func:`incabin.travel.energy.steady_energy_kwh` per segment; avoiding
motorways or tolls maps to OSRM's ``exclude`` classes.
"""

from __future__ import annotations

import contextlib
import logging
import socket
import subprocess
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import httpx

from incabin.travel._errors import InvalidTravelRequest, MapDataUnavailable, NoRouteFound
from incabin.travel._models import LatLon, Route, RouteSegment, RouteStep
from incabin.travel.energy import DEFAULT_CAR, steady_energy_kwh
from incabin.travel.routing import RouteMode, check_request
from incabin.travel.steps import COMPASS

log = logging.getLogger(__name__)

EXCLUDE = {"motorways": "motorway", "tolls": "toll"}
NO_ROUTE_CODES = {"NoRoute", "NoSegment", "NoMatch", "NoTrips"}
MODIFIER_VERB = {
    "uturn": "Make a U-turn",
    "sharp right": "Turn sharp right",
    "right": "Turn right",
    "slight right": "Turn slight right",
    "straight": "Continue",
    "slight left": "Turn slight left",
    "left": "Turn left",
    "sharp left": "Turn sharp left",
}


class OsrmRouter:
    """Routes through an OSRM HTTP server (``/route/v1/driving``)."""

    def __init__(
        self,
        base_url: str,
        region: str = "",
        timeout_s: float = 10.0,
        client: httpx.Client | None = None,
        snap_radius_m: float = 2000.0,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.region = region
        # A point further than this from every road is "not on the map", not snapped.
        self.snap_radius_m = snap_radius_m
        self._client = client or httpx.Client(timeout=timeout_s)

    def close(self) -> None:
        """Close the HTTP connection pool."""
        self._client.close()

    def route(
        self,
        points: Sequence[LatLon],
        mode: RouteMode = "fastest",
        avoid: frozenset[str] = frozenset(),
    ) -> Route:
        """A route through ``points`` in order, from the server."""
        check_request(points, mode, frozenset(avoid))
        coords = ";".join(f"{p.lon:.7f},{p.lat:.7f}" for p in points)
        params: dict[str, str] = {
            "overview": "full",
            "steps": "true",
            "annotations": "true",
            "geometries": "geojson",
            "radiuses": ";".join([f"{self.snap_radius_m:.0f}"] * len(points)),
        }
        if mode != "fastest" and len(points) == 2:
            params["alternatives"] = "3"
        if avoid:
            params["exclude"] = ",".join(EXCLUDE[a] for a in sorted(avoid))
        url = f"{self.base_url}/route/v1/driving/{coords}"
        try:
            response = self._client.get(url, params=params)
            body = response.json()
        except httpx.HTTPError as err:
            raise MapDataUnavailable(f"OSRM server {self.base_url} unreachable: {err}") from err
        except ValueError as err:
            raise MapDataUnavailable(f"OSRM server {self.base_url} sent no JSON") from err
        code = body.get("code", "")
        if code != "Ok":
            message = body.get("message", code)
            if code in NO_ROUTE_CODES:
                raise NoRouteFound(f"the OSRM server found no route ({message})")
            raise InvalidTravelRequest(f"OSRM refused the request: {message}")
        routes = [self._route(r, mode) for r in body["routes"]]
        if mode == "shortest":
            return min(routes, key=lambda r: r.distance_km)
        if mode == "eco":
            return min(routes, key=_energy_kwh)
        return routes[0]

    def _route(self, data: dict[str, Any], mode: RouteMode) -> Route:
        geometry = tuple(LatLon(lat, lon) for lon, lat in data["geometry"]["coordinates"])
        steps: list[RouteStep] = []
        segments: list[RouteSegment] = []
        legs = data["legs"]
        for index, leg in enumerate(legs):
            final = index == len(legs) - 1
            steps.extend(_step(s, final) for s in leg["steps"])
            segments.extend(_segments(leg))
        return Route(
            distance_km=data["distance"] / 1000.0,
            duration_min=data["duration"] / 60.0,
            geometry=geometry,
            segments=tuple(segments),
            steps=tuple(steps),
            mode=mode,
            extra={
                "region": self.region,
                "engine": f"osrm:{self.base_url}",
                "attribution": "Map data © OpenStreetMap contributors (ODbL); routing: OSRM",
            },
        )


def _step(step: dict[str, Any], final: bool) -> RouteStep:
    maneuver = step["maneuver"]
    kind = maneuver.get("type", "")
    name = step.get("name", "")
    onto = f" onto {name}" if name else ""
    if kind == "depart":
        heading = COMPASS[int((maneuver.get("bearing_after", 0) + 22.5) // 45) % 8]
        text = f"Head {heading} on {name or 'the road'}"
    elif kind == "arrive":
        text = "Arrive at your destination" if final else "Arrive at your stop"
    elif kind in ("roundabout", "rotary"):
        text = f"At the roundabout take exit {maneuver.get('exit', 1)}{onto}"
    else:
        verb = MODIFIER_VERB.get(maneuver.get("modifier", "straight"), "Continue")
        text = f"{verb}{onto}" if onto else f"{verb} on the road"
    return RouteStep(
        instruction=text,
        street=name,
        distance_km=step["distance"] / 1000.0,
        duration_min=step["duration"] / 60.0,
    )


def _limit_kmh(entry: dict[str, Any] | None, speed_ms: float) -> float:
    if entry and "speed" in entry:
        speed = float(entry["speed"])
        return speed * 1.609344 if entry.get("unit") == "mph" else speed
    # No tagged limit: the server's travel speed, rounded up to a sign value.
    return max(10.0, 10.0 * -(-speed_ms * 3.6 // 10))


def _segments(leg: dict[str, Any]) -> list[RouteSegment]:
    annotation = leg.get("annotation", {})
    distances = annotation.get("distance", [])
    durations = annotation.get("duration", [])
    speeds = annotation.get("speed", [0.0] * len(distances))
    limits = annotation.get("maxspeed", [None] * len(distances))
    names: list[str] = []
    for step in leg["steps"]:
        names.extend([step.get("name", "")] * max(0, len(step["geometry"]["coordinates"]) - 1))
    names.extend([""] * (len(distances) - len(names)))
    segments: list[RouteSegment] = []
    for dist, secs, speed, limit, name in zip(distances, durations, speeds, limits, names):
        kmh = _limit_kmh(limit, speed)
        last = segments[-1] if segments else None
        if last and last.speed_limit_kmh == kmh and last.street == name:
            segments[-1] = RouteSegment(
                last.distance_km + dist / 1000.0, last.duration_min + secs / 60.0, kmh, name
            )
        else:
            segments.append(RouteSegment(dist / 1000.0, secs / 60.0, kmh, name))
    return segments


def _energy_kwh(route: Route) -> float:
    return sum(
        steady_energy_kwh(
            DEFAULT_CAR,
            s.distance_km,
            s.distance_km / (s.duration_min / 60.0) if s.duration_min else 30.0,
        )
        for s in route.segments
    )


@contextlib.contextmanager
def local_osrm_routed(
    binary: str | Path, data: str | Path, log: Path, timeout_s: float = 60.0
) -> Iterator[str]:
    """Run ``osrm-routed`` on prepared ``data`` (``…/map.osrm``, CH) on a free 127.0.0.1
    port and yield its URL once it answers; stopped on exit. For tests, benchmarks and a
    local routing server for ``osrm:<url>``."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as out:
        server = subprocess.Popen(
            [str(binary), "--algorithm", "ch", "-i", "127.0.0.1", "-p", str(port), str(data)],
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        try:
            deadline = time.monotonic() + timeout_s
            while True:
                try:
                    httpx.get(f"{url}/health", timeout=1.0)
                    break
                except httpx.TransportError as err:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise MapDataUnavailable(
                            f"osrm-routed did not start: {log.read_text()[-500:]}"
                        ) from err
                    time.sleep(0.1)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)
