"""EV energy calibration against NREL FastSim, and charging-planner speed.

Prints four markdown tables:
1. Wh/km over the UDDS and HWFET cycles: FastSim 3.1 vs incabin's trace model,
   and incabin's route-segment model (the cycle as one segment).
2. The same on driving the calibration never saw: a 120 km/h cruise, HWFET
   sped up, UDDS slowed down, and UDDS at -10, 0 and 35 °C with the HVAC model.
3. Charging-plan time (median of 5) on constructed motorways with a 150 kW
   charger every 25 km, and on the modelled intercity corridors of the atlas.
4. Place-search time (median of 5) over the Helsinki OSM extract's POIs.

Run: .venv/bin/python benchmarks/charging.py
"""

from __future__ import annotations

import statistics
import time

from incabin.travel._models import LatLon, Place, Route, RouteSegment
from incabin.travel.charging import plan_charging
from incabin.travel.energy import CAR_MODELS, DEFAULT_CAR, segment_energy_kwh, trace_energy
from incabin.travel.places import search_places

FASTSIM_FILES = {
    "model3": "2022 Tesla Model 3 RWD thrml.yaml",
    "bolt": "2020 Chevrolet Bolt EV thrml.yaml",
    "leaf": "2016 Nissan Leaf 30 kWh thrml.yaml",
    "zoe": "2022_Renault_Zoe_ZE50_R135.yaml",
}
SEGMENT_LIMITS = {"udds.csv": 50.0, "hwfet.csv": 100.0}


def energy_table() -> None:
    import fastsim

    print("| car | cycle | FastSim Wh/km | trace Wh/km | diff | segment Wh/km | diff |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for key, resource in FASTSIM_FILES.items():
        car = CAR_MODELS[key]
        for cycle, limit in SEGMENT_LIMITS.items():
            cyc = fastsim.Cycle.from_resource(cycle)
            sim = fastsim.SimDrive(fastsim.Vehicle.from_resource(resource), cyc)
            sim.run()
            out = sim.to_dict()
            km = out["veh"]["state"]["dist_meters"] / 1000.0
            chem = out["veh"]["pt_type"]["BEV"]["res"]["state"]["energy_out_chemical_joules"]
            theirs = chem / 3.6e3 / km
            data = cyc.to_dict()
            trace = trace_energy(car, data["time_seconds"], data["speed_meters_per_second"])
            seg = RouteSegment(trace.distance_km, trace.duration_s / 60.0, limit)
            seg_wh = segment_energy_kwh(car, seg) * 1000.0 / trace.distance_km
            print(
                f"| {car.name} | {cycle.split('.')[0].upper()} | {theirs:.1f} | "
                f"{trace.wh_per_km:.1f} | {(trace.wh_per_km / theirs - 1) * 100:+.1f} % | "
                f"{seg_wh:.1f} | {(seg_wh / theirs - 1) * 100:+.1f} % |"
            )


def _fastsim_wh_per_km(resource: str, cycle) -> float:
    import fastsim

    sim = fastsim.SimDrive(fastsim.Vehicle.from_resource(resource), cycle)
    sim.run()
    out = sim.to_dict()
    chem = out["veh"]["pt_type"]["BEV"]["res"]["state"]["energy_out_chemical_joules"]
    return chem / 3.6 / out["veh"]["state"]["dist_meters"]


def validation_table() -> None:
    """Driving the fit never saw: other speed traces, and outside temperatures with HVAC."""
    import fastsim
    import numpy as np

    from incabin.travel.energy import hvac_load_kw

    base = {k: fastsim.Cycle.from_resource(f"{k}.csv").to_dict() for k in ("udds", "hwfet")}
    t = np.arange(0.0, 900.0)
    traces = {
        "cruise 120 km/h": (t, np.minimum(np.minimum(t, 899.0 - t) / 45.0, 1.0) * 120 / 3.6),
        "HWFET x1.25": (
            base["hwfet"]["time_seconds"],
            np.array(base["hwfet"]["speed_meters_per_second"]) * 1.25,
        ),
        "UDDS x0.8": (
            base["udds"]["time_seconds"],
            np.array(base["udds"]["speed_meters_per_second"]) * 0.8,
        ),
    }
    print("| car | held-out driving | FastSim Wh/km | incabin Wh/km | diff |")
    print("|---|---|---:|---:|---:|")
    for key, resource in FASTSIM_FILES.items():
        car = CAR_MODELS[key]
        rows = []
        for label, (times, speeds) in traces.items():
            data = dict(
                base["hwfet"],
                time_seconds=[float(x) for x in times],
                speed_meters_per_second=[float(v) for v in speeds],
            )
            for name in ("dist_meters", "grade", "pwr_max_chrg_watts", "pwr_solar_load_watts"):
                data[name] = [0.0] * len(times)
            data["elev_meters"] = [121.92] * len(times)
            data["temp_amb_air_kelvin"] = [295.15] * len(times)
            rows.append((label, fastsim.Cycle.from_dict(data), times, speeds, 0.0))
        if key != "zoe":  # FastSim's Zoe file has no cabin HVAC model
            for outside in (-10.0, 0.0, 35.0):
                data = dict(base["udds"])
                data["temp_amb_air_kelvin"] = [273.15 + outside] * len(data["time_seconds"])
                hvac = hvac_load_kw(outside, 22.0, car.heat_pump)
                rows.append(
                    (
                        f"UDDS at {outside:+.0f} °C",
                        fastsim.Cycle.from_dict(data),
                        data["time_seconds"],
                        data["speed_meters_per_second"],
                        hvac,
                    )
                )
        for label, cycle, times, speeds, hvac in rows:
            theirs = _fastsim_wh_per_km(resource, cycle)
            ours = trace_energy(car, times, speeds, hvac_kw=hvac).wh_per_km
            print(
                f"| {car.name} | {label} | {theirs:.1f} | {ours:.1f} | "
                f"{(ours / theirs - 1) * 100:+.1f} % |"
            )


def motorway(km: float) -> tuple[Route, list[Place]]:
    n = round(km / 10)
    geometry = tuple(LatLon(30.0 + i * 10 / 111.2, 118.0) for i in range(n + 1))
    segments = tuple(RouteSegment(10.0, 5.0, 120.0, "G2", modelled=True) for _ in range(n))
    chargers = [
        Place(
            f"SA {k}",
            30.0 + k / 111.2,
            118.0,
            kind="charging",
            modelled=True,
            tags={"socket:type2_combo:output": "150 kW"},
        )
        for k in range(25, int(km), 25)
    ]
    return Route(km, km / 2, geometry, segments, modelled=True), chargers


def timed(fn, repeats: int = 5) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000.0


def planner_table() -> None:
    print("| trip | chargers on route | stops | total h | plan time (ms) |")
    print("|---|---:|---:|---:|---:|")
    for km in (300, 600, 1200):
        route, chargers = motorway(km)
        plan = plan_charging(route, chargers, DEFAULT_CAR, start_soc=80)
        ms = timed(lambda r=route, c=chargers: plan_charging(r, c, DEFAULT_CAR, start_soc=80))
        print(
            f"| {km} km motorway | {len(chargers)} | {len(plan.stops)} | "
            f"{plan.total_min / 60:.1f} | {ms:.1f} |"
        )
    corridor_rows()


def corridor_rows() -> None:
    from incabin.travel import Atlas

    atlas = Atlas.default()
    for origin, destination in (("Beijing", "Shanghai"), ("Munich", "Berlin")):
        start, end = atlas.geocode(origin, limit=1)[0], atlas.geocode(destination, limit=1)[0]
        route = atlas.route([start, end])
        chargers = atlas.pois(atlas.region_of(start.point), kinds=["charging"])
        plan = plan_charging(route, chargers, DEFAULT_CAR, start_soc=80)
        ms = timed(lambda r=route, c=chargers: plan_charging(r, c, DEFAULT_CAR, start_soc=80))
        print(
            f"| {origin}-{destination} corridor ({route.distance_km:.0f} km, modelled) | "
            f"{len(chargers)} | {len(plan.stops)} | {plan.total_min / 60:.1f} | {ms:.1f} |"
        )


def places_table() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from incabin.travel import Atlas

    atlas = Atlas.default()
    station = LatLon(60.1710, 24.9414)
    pois = atlas.pois(atlas.region_of(station))
    evening = datetime(2026, 11, 24, 21, 0, tzinfo=ZoneInfo("Europe/Helsinki"))
    far = max(pois, key=lambda p: abs(p.lat - station.lat) + abs(p.lon - station.lon))
    route = atlas.route([station, far])
    queries = {
        "vegetarian near a point, open at 21:00": lambda: search_places(
            pois, near=station, diet=["vegetarian"], arrive_at=evening, radius_km=3.0
        ),
        f"food along a {route.distance_km:.1f} km route, 5 min detour": lambda: search_places(
            pois, route=route, max_detour_min=5.0, now=evening
        ),
        "chargers near a point": lambda: search_places(
            pois, near=station, categories=["charging"], radius_km=5.0
        ),
    }
    print(f"| Helsinki places query ({len(pois)} POIs) | results | time (ms) |")
    print("|---|---:|---:|")
    for label, query in queries.items():
        print(f"| {label} | {len(query())} | {timed(query):.1f} |")


if __name__ == "__main__":
    energy_table()
    print()
    validation_table()
    print()
    planner_table()
    print()
    places_table()
