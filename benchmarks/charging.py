"""EV energy calibration against NREL FastSim, and charging-planner speed.

Prints two markdown tables:
1. Wh/km over the UDDS and HWFET cycles: FastSim 3.1 vs incabin's trace model,
   and incabin's route-segment model (the cycle as one segment).
2. Charging-plan time (median of repeats) on constructed motorways with a
   charger every 25 km, and on the real corridor network when the atlas loads.

Run: .venv/bin/python benchmarks/charging.py
"""

from __future__ import annotations

import statistics
import time

from incabin.travel._models import LatLon, Place, Route, RouteSegment
from incabin.travel.charging import plan_charging
from incabin.travel.energy import CAR_MODELS, DEFAULT_CAR, segment_energy_kwh, trace_energy

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
    try:
        from incabin.travel.atlas import Atlas
    except ImportError:
        return
    atlas = Atlas.default()
    for origin, destination in (("Beijing", "Shanghai"), ("Munich", "Berlin")):
        start, end = atlas.geocode(origin, limit=1)[0], atlas.geocode(destination, limit=1)[0]
        route = atlas.route([start, end])
        chargers = [p for p in atlas.pois(atlas.region_of(start.point)) if p.kind == "charging"]
        plan = plan_charging(route, chargers, DEFAULT_CAR, start_soc=80, destination_name=end.name)
        ms = timed(lambda r=route, c=chargers: plan_charging(r, c, DEFAULT_CAR, start_soc=80))
        print(
            f"| {origin}-{destination} corridor ({route.distance_km:.0f} km, modelled) | "
            f"{len(chargers)} | {len(plan.stops)} | {plan.total_min / 60:.1f} | {ms:.1f} |"
        )


if __name__ == "__main__":
    energy_table()
    print()
    planner_table()
