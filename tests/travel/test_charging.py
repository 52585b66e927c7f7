"""The charging-stop planner on constructed motorway routes."""

from __future__ import annotations

import itertools
import math

import pytest

from incabin.travel._errors import TravelError
from incabin.travel._models import LatLon, Place, Route, RouteSegment
from incabin.travel.along_route import RouteLine
from incabin.travel.charging import (
    STOP_OVERHEAD_MIN,
    ChargerSite,
    InvalidChargingRequest,
    NoChargingPlan,
    charger_power_kw,
    chargers_along,
    plan_charging,
)
from incabin.travel.energy import CAR_MODELS, DEFAULT_CAR, route_energy

KM_PER_DEG_LAT = 111.2


def motorway(km: float, speed_kmh: float = 120.0, lat0: float = 30.0, lon: float = 118.0) -> Route:
    """A straight north-bound motorway of ``km`` in 10 km segments."""
    n = max(1, round(km / 10))
    step = km / n
    geometry = tuple(LatLon(lat0 + i * step / KM_PER_DEG_LAT, lon) for i in range(n + 1))
    segments = tuple(
        RouteSegment(step, step / speed_kmh * 60, speed_kmh, "G2", modelled=True) for _ in range(n)
    )
    return Route(km, km / speed_kmh * 60, geometry, segments, modelled=True)


def charger(km: float, kw: float = 120.0, off_km: float = 0.0, name: str = "") -> Place:
    return Place(
        name or f"Service area km {km:g}",
        30.0 + km / KM_PER_DEG_LAT,
        118.0 + off_km / (KM_PER_DEG_LAT * math.cos(math.radians(30.0 + km / KM_PER_DEG_LAT))),
        kind="charging",
        tags={"amenity": "charging_station", "socket:type2_combo:output": f"{kw:g} kW"},
        region="corridor",
        modelled=True,
    )


def every(step: int, km: float, kw: float = 120.0) -> list[Place]:
    return [charger(k, kw) for k in range(step, int(km), step)]


def check_plan_is_consistent(plan, route: Route, start_soc: float, min_soc: float) -> None:
    assert plan.arrival_soc >= min_soc - 0.5
    soc = start_soc
    last_km = 0.0
    for stop in plan.stops:
        assert stop.arrive_soc >= min_soc - 0.5
        assert stop.arrive_soc <= soc
        assert stop.depart_soc > stop.arrive_soc and stop.depart_soc <= 100.0
        assert stop.charge_min > 0
        assert stop.km_from_start >= last_km
        soc, last_km = stop.depart_soc, stop.km_from_start
    arrivals = [s.arrive_min for s in plan.stops]
    assert arrivals == sorted(arrivals)
    if plan.stops:  # on these 120 km/h motorways a km takes half a minute
        first = plan.stops[0]
        assert first.arrive_min == pytest.approx(
            first.km_from_start / 2 + first.detour_min / 2, abs=0.5
        )
    overhead = STOP_OVERHEAD_MIN * len(plan.stops)
    assert plan.total_min == pytest.approx(plan.drive_min + plan.charge_min + overhead, abs=0.2)
    assert plan.charge_min == pytest.approx(sum(s.charge_min for s in plan.stops), abs=0.3)
    assert plan.drive_min >= route.duration_min - 0.1
    assert plan.modelled


def test_short_trip_needs_no_stop() -> None:
    route = motorway(150)
    plan = plan_charging(route, every(50, 150), start_soc=80, min_arrival_soc=10)
    assert plan.stops == ()
    energy = route_energy(DEFAULT_CAR, route).energy_kwh
    assert plan.energy_kwh == pytest.approx(energy, rel=0.01)
    assert plan.arrival_soc == pytest.approx(80 - energy / DEFAULT_CAR.battery_kwh * 100, abs=0.2)
    assert plan.total_min == pytest.approx(route.duration_min, abs=0.1)


@pytest.mark.parametrize("car", sorted(CAR_MODELS))
def test_long_trip_gets_stops_that_respect_the_limits(car: str) -> None:
    route = motorway(600)
    model = CAR_MODELS[car]
    plan = plan_charging(route, every(40, 600), model, start_soc=90, min_arrival_soc=15)
    assert plan.stops
    check_plan_is_consistent(plan, route, 90, 15)
    # The battery has to supply the whole trip: start charge plus what was added.
    added = sum(s.depart_soc - s.arrive_soc for s in plan.stops)
    used_percent = 90 + added - plan.arrival_soc
    assert used_percent == pytest.approx(plan.energy_kwh / model.battery_kwh * 100, abs=1.0)


def _brute_force_total(route, sites, car, start_soc, min_soc, grid=5.0) -> float:
    """Every subset of chargers and every charge target on a coarse grid."""
    energy = route_energy(car, route)
    per_km = energy.energy_kwh / route.distance_km / car.battery_kwh * 100
    best = math.inf
    memo: dict[tuple[float, float, float], float] = {}

    def charge(soc: float, target: float, kw: float) -> float:
        key = (round(soc, 6), target, kw)
        if key not in memo:
            memo[key] = car.charge_minutes(soc, target, kw)
        return memo[key]

    for size in range(len(sites) + 1):
        for subset in itertools.combinations(sites, size):
            targets_each = [grid * k for k in range(1, int(100 / grid) + 1)]
            for targets in itertools.product(targets_each, repeat=len(subset)):
                soc, km, total, ok = start_soc, 0.0, route.duration_min, True
                for site, target in zip(subset, targets):
                    soc -= (site.km_from_start - km) * per_km
                    if soc < min_soc or target <= soc:
                        ok = False
                        break
                    total += charge(soc, target, site.power_kw) + STOP_OVERHEAD_MIN
                    soc, km = target, site.km_from_start
                soc -= (route.distance_km - km) * per_km
                if ok and soc >= min_soc:
                    best = min(best, total)
    return best


def test_dynamic_programme_is_as_good_as_brute_force() -> None:
    route = motorway(420)
    sites = chargers_along(route, [charger(130, 50), charger(200, 150), charger(290, 120)])
    plan = plan_charging(route, sites, start_soc=60, min_arrival_soc=10)
    brute = _brute_force_total(route, sites, DEFAULT_CAR, 60, 10)
    assert math.isfinite(brute)
    # The planner's 0.5 % grid is finer than brute force's 5 %: never worse, at most a bit better.
    assert plan.total_min <= brute + 0.5
    assert plan.total_min >= brute - 3.0


def test_more_stop_overhead_means_fewer_stops() -> None:
    route = motorway(700)
    chargers = every(30, 700, kw=150)
    counts = [
        len(plan_charging(route, chargers, start_soc=80, stop_overhead_min=m).stops)
        for m in (0.0, 5.0, 30.0)
    ]
    assert counts[0] >= counts[1] >= counts[2]
    assert counts[0] > counts[2]


def test_faster_chargers_never_make_the_trip_longer() -> None:
    route = motorway(500)
    slow = plan_charging(route, every(50, 500, kw=50), start_soc=70)
    fast = plan_charging(route, every(50, 500, kw=250), start_soc=70)
    capped = plan_charging(route, every(50, 500, kw=250), start_soc=70, charger_kw=50)
    assert fast.total_min < slow.total_min
    assert capped.total_min == pytest.approx(slow.total_min, abs=0.5)
    assert all(s.charger_kw == 50 for s in capped.stops)


def test_a_higher_minimum_arrival_charge_costs_time() -> None:
    route = motorway(500)
    chargers = every(50, 500)
    low = plan_charging(route, chargers, start_soc=80, min_arrival_soc=5)
    high = plan_charging(route, chargers, start_soc=80, min_arrival_soc=30)
    check_plan_is_consistent(high, route, 80, 30)
    assert high.total_min > low.total_min
    assert high.arrival_soc >= 29.5


def test_cold_weather_costs_energy() -> None:
    route = motorway(400)
    mild = plan_charging(route, every(50, 400), start_soc=90)
    cold = plan_charging(route, every(50, 400), start_soc=90, outside_c=-15)
    assert cold.energy_kwh > mild.energy_kwh
    assert cold.total_min >= mild.total_min


def test_gap_larger_than_range_is_refused_with_the_reason() -> None:
    route = motorway(700)
    chargers = [charger(100, name="Jinan service area"), charger(550, name="Xuzhou service area")]
    with pytest.raises(NoChargingPlan) as caught:
        plan_charging(route, chargers, start_soc=90, min_arrival_soc=10)
    reason = caught.value.reason
    assert "Jinan service area" in reason and "Xuzhou service area" in reason
    assert "450 km" in reason and "range" in reason
    assert isinstance(caught.value, TravelError)


def test_too_little_charge_to_reach_the_first_charger() -> None:
    route = motorway(300)
    with pytest.raises(NoChargingPlan, match="with 8 %.*Service area km 100 is 100 km away"):
        plan_charging(route, [charger(100)], start_soc=8, min_arrival_soc=5)
    with pytest.raises(NoChargingPlan, match="not above your 10 %"):
        plan_charging(route, [charger(100)], start_soc=10, min_arrival_soc=10)


def test_no_chargers_and_too_far() -> None:
    with pytest.raises(NoChargingPlan, match="Shanghai is 500 km away"):
        plan_charging(motorway(500), [], start_soc=50, destination_name="Shanghai")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start_soc": 0}, "above 0"),
        ({"start_soc": -5}, "between 0 and 100"),
        ({"start_soc": 120}, "between 0 and 100"),
        ({"start_soc": float("nan")}, "between 0 and 100"),
        ({"min_arrival_soc": 100}, "minimum arrival"),
        ({"min_arrival_soc": -1}, "minimum arrival"),
        ({"max_charge_soc": 10, "min_arrival_soc": 10}, "must be above the minimum"),
        ({"charger_kw": 0}, "above 0 kW"),
    ],
)
def test_impossible_settings_are_typed_errors(kwargs: dict, message: str) -> None:
    with pytest.raises(InvalidChargingRequest, match=message):
        plan_charging(motorway(200), every(50, 200), **kwargs)


def test_chargers_along_keeps_nearby_ones_in_route_order() -> None:
    route = motorway(300)
    near = charger(200, off_km=0.5, name="near")
    far = charger(100, off_km=20.0, name="far")
    on = charger(50, kw=250, name="on")
    sites = chargers_along(route, [near, far, on], max_detour_min=10)
    assert [s.place.name for s in sites] == ["on", "near"]
    assert sites[0].km_from_start == pytest.approx(50, abs=0.5)
    assert sites[0].power_kw == 250 and sites[0].detour_min < 0.5
    assert 1.5 < sites[1].detour_min < 5 and sites[1].detour_km == pytest.approx(1.3, rel=0.05)
    assert all(s.modelled for s in sites)


def test_charger_power_from_osm_tags() -> None:
    def tagged(**tags: str) -> Place:
        return Place("c", 60.0, 24.0, kind="charging", tags=tags)

    assert charger_power_kw(tagged(**{"socket:type2_combo:output": "150 kW"})) == 150
    assert (
        charger_power_kw(
            tagged(**{"socket:type2:output": "22 kW", "socket:chademo:output": "50 kW"})
        )
        == 50
    )
    assert charger_power_kw(tagged(maxpower="50000 W")) == 50
    assert charger_power_kw(tagged(amenity="charging_station")) is None


def test_given_sites_skip_projection() -> None:
    route = motorway(450)
    site = ChargerSite(charger(220), 220.0, 0.0, 0.0, 200.0, modelled=True)
    plan = plan_charging(route, [site], start_soc=85, min_arrival_soc=10)
    assert [s.place.name for s in plan.stops] == ["Service area km 220"]
    assert plan.stops[0].charger_kw == 200


def test_projection_scales_geometry_to_road_distance() -> None:
    """Modelled routes are straight lines with longer road km: positions use road km."""
    straight = motorway(100)
    longer = Route(130.0, straight.duration_min, straight.geometry, straight.segments)
    line = RouteLine(longer)
    mid = line.project(LatLon(30.0 + 50 / KM_PER_DEG_LAT, 118.0))
    assert mid.km_from_start == pytest.approx(65.0, abs=0.5)
    assert mid.off_route_km == pytest.approx(0.0, abs=0.01)
    beside = line.project(LatLon(30.0 + 20 / KM_PER_DEG_LAT, 118.05))
    assert beside.off_route_km == pytest.approx(4.8, abs=0.1)  # 0.05 deg of longitude at 30 N
    assert beside.detour_km == pytest.approx(2 * 1.3 * beside.off_route_km)
    many = line.project_many([LatLon(30.0, 118.0), LatLon(29.0, 118.0), LatLon(40.0, 118.0)])
    assert [round(p.km_from_start) for p in many] == [0, 0, 130]  # clipped to the ends
    assert many[1].off_route_km == pytest.approx(111.2, rel=0.01)
    assert line.project_many([]) == []
