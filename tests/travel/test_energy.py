"""The energy model against NREL FastSim, and its physics on routes."""

from __future__ import annotations

import math

import fastsim
import numpy as np
import pytest

from incabin.travel._models import LatLon, Route, RouteSegment
from incabin.travel.energy import (
    CAR_MODELS,
    DEFAULT_CAR,
    hvac_load_kw,
    route_energy,
    segment_energy_kwh,
    steady_energy_kwh,
    trace_energy,
    traction_power_kw,
)

FASTSIM_FILES = {
    "model3": "2022 Tesla Model 3 RWD thrml.yaml",
    "bolt": "2020 Chevrolet Bolt EV thrml.yaml",
    "leaf": "2016 Nissan Leaf 30 kWh thrml.yaml",
    "zoe": "2022_Renault_Zoe_ZE50_R135.yaml",
}
CYCLES = ("udds.csv", "hwfet.csv")


@pytest.fixture(scope="module")
def cycles() -> dict[str, dict]:
    return {name: fastsim.Cycle.from_resource(name).to_dict() for name in CYCLES}


@pytest.fixture(scope="module")
def fastsim_wh_per_km() -> dict[tuple[str, str], float]:
    """FastSim's battery (chemical) energy per km for each car and cycle."""
    results = {}
    for key, resource in FASTSIM_FILES.items():
        for cycle in CYCLES:
            sim = fastsim.SimDrive(
                fastsim.Vehicle.from_resource(resource), fastsim.Cycle.from_resource(cycle)
            )
            sim.run()
            out = sim.to_dict()
            battery = out["veh"]["pt_type"]["BEV"]["res"]["state"]
            km = out["veh"]["state"]["dist_meters"] / 1000.0
            results[key, cycle] = battery["energy_out_chemical_joules"] / 3.6e3 / km
    return results


def test_every_fastsim_car_has_a_model() -> None:
    assert set(FASTSIM_FILES) <= set(CAR_MODELS)
    assert DEFAULT_CAR is CAR_MODELS["model3"]


@pytest.mark.parametrize("car", sorted(FASTSIM_FILES))
@pytest.mark.parametrize("cycle", CYCLES)
def test_trace_energy_matches_fastsim_within_10_percent(
    car: str, cycle: str, cycles: dict, fastsim_wh_per_km: dict
) -> None:
    trace = cycles[cycle]
    ours = trace_energy(CAR_MODELS[car], trace["time_seconds"], trace["speed_meters_per_second"])
    theirs = fastsim_wh_per_km[car, cycle]
    assert ours.wh_per_km == pytest.approx(theirs, rel=0.10)
    assert ours.regen_kwh > 0


def _fastsim_cycle(times: np.ndarray, speeds: np.ndarray):
    """A FastSim cycle from a time/speed trace (flat, 22 °C, like its bundled cycles)."""
    n = len(times)
    return fastsim.Cycle.from_dict(
        {
            "init_elev_meters": 121.92,
            "time_seconds": [float(t) for t in times],
            "speed_meters_per_second": [float(v) for v in speeds],
            "dist_meters": [0.0] * n,
            "grade": [0.0] * n,
            "elev_meters": [121.92] * n,
            "pwr_max_chrg_watts": [0.0] * n,
            "temp_amb_air_kelvin": [295.15] * n,
            "pwr_solar_load_watts": [0.0] * n,
            "grade_interp": 0.0,
            "elev_interp": 121.92,
        }
    )


def held_out_cycles(cycles: dict) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Cycles the calibration never saw: a 120 km/h cruise, a faster HWFET, a slower UDDS."""
    t = np.arange(0.0, 900.0)
    ramp = np.minimum(np.minimum(t, 899.0 - t) / 45.0, 1.0)
    hwfet, udds = cycles["hwfet.csv"], cycles["udds.csv"]
    return {
        "cruise 120 km/h": (t, ramp * 120 / 3.6),
        "HWFET x1.25": (
            np.array(hwfet["time_seconds"]),
            np.array(hwfet["speed_meters_per_second"]) * 1.25,
        ),
        "UDDS x0.8": (
            np.array(udds["time_seconds"]),
            np.array(udds["speed_meters_per_second"]) * 0.8,
        ),
    }


@pytest.mark.parametrize("car", sorted(FASTSIM_FILES))
def test_held_out_cycles_match_fastsim_within_10_percent(car: str, cycles: dict) -> None:
    """Two constants are fitted on UDDS and HWFET; other driving must still agree."""
    for name, (times, speeds) in held_out_cycles(cycles).items():
        sim = fastsim.SimDrive(
            fastsim.Vehicle.from_resource(FASTSIM_FILES[car]), _fastsim_cycle(times, speeds)
        )
        sim.run()
        out = sim.to_dict()
        km = out["veh"]["state"]["dist_meters"] / 1000.0
        chem = out["veh"]["pt_type"]["BEV"]["res"]["state"]["energy_out_chemical_joules"]
        ours = trace_energy(CAR_MODELS[car], times, speeds)
        assert ours.wh_per_km == pytest.approx(chem / 3.6e3 / km, rel=0.10), name


def test_fastsim_vehicle_constants_are_the_ones_we_use() -> None:
    """Mass, drag and rolling resistance are copied from FastSim, not fitted."""
    for key, resource in FASTSIM_FILES.items():
        vehicle = fastsim.Vehicle.from_resource(resource).to_dict()
        car = CAR_MODELS[key]
        assert car.drag_coefficient == pytest.approx(vehicle["chassis"]["drag_coef"], rel=0.01)
        assert car.rolling_resistance == pytest.approx(
            vehicle["chassis"]["wheel_rr_coef"], rel=0.01
        )
        assert car.mass_kg == pytest.approx(vehicle["mass_kilograms"], rel=0.01)


@pytest.mark.parametrize("car", sorted(FASTSIM_FILES))
@pytest.mark.parametrize(("cycle", "limit_kmh"), [("udds.csv", 50.0), ("hwfet.csv", 100.0)])
def test_a_cycle_as_one_route_segment_matches_its_trace(
    car: str, cycle: str, limit_kmh: float, cycles: dict
) -> None:
    """Route segments only know distance, time and the limit; they still land near the trace."""
    trace = trace_energy(
        CAR_MODELS[car], cycles[cycle]["time_seconds"], cycles[cycle]["speed_meters_per_second"]
    )
    segment = RouteSegment(trace.distance_km, trace.duration_s / 60.0, limit_kmh)
    kwh = segment_energy_kwh(CAR_MODELS[car], segment)
    assert kwh == pytest.approx(trace.energy_kwh, rel=0.15)


def test_physics_directions() -> None:
    car = DEFAULT_CAR
    flat = steady_energy_kwh(car, 10, 100)
    assert steady_energy_kwh(car, 10, 100, grade=0.03) > flat
    assert steady_energy_kwh(car, 10, 100, grade=-0.03) < flat
    assert steady_energy_kwh(car, 10, 130) > flat
    assert steady_energy_kwh(car, 10, 100, hvac_kw=2.0) == pytest.approx(flat + 2.0 * 0.1)
    assert traction_power_kw(car, 20.0, -2.0) < 0  # braking regenerates
    assert steady_energy_kwh(car, 0, 100) == 0.0
    # A heavier, draggier car uses more on the motorway.
    assert steady_energy_kwh(CAR_MODELS["zoe"], 100, 120) > steady_energy_kwh(car, 100, 120)


def test_hvac_load_grows_with_the_temperature_gap() -> None:
    assert hvac_load_kw(21.0) < hvac_load_kw(5.0) < hvac_load_kw(-15.0) <= 5.0
    assert hvac_load_kw(35.0) > hvac_load_kw(25.0) > 0
    # A heat pump needs less than a resistive heater in mild cold.
    assert hvac_load_kw(5.0, heat_pump=True) < hvac_load_kw(5.0, heat_pump=False)


THERMAL_CARS = ("model3", "bolt", "leaf")  # FastSim's files with a cabin HVAC model


@pytest.mark.parametrize("car", THERMAL_CARS)
@pytest.mark.parametrize("cycle", CYCLES)
def test_energy_at_outside_temperatures_matches_fastsim_hvac(car: str, cycle: str) -> None:
    model = CAR_MODELS[car]
    for outside_c in (-10.0, 0.0, 30.0, 38.0):
        data = fastsim.Cycle.from_resource(cycle).to_dict()
        data["temp_amb_air_kelvin"] = [273.15 + outside_c] * len(data["time_seconds"])
        sim = fastsim.SimDrive(
            fastsim.Vehicle.from_resource(FASTSIM_FILES[car]), fastsim.Cycle.from_dict(data)
        )
        sim.run()
        out = sim.to_dict()
        chem = out["veh"]["pt_type"]["BEV"]["res"]["state"]["energy_out_chemical_joules"]
        theirs = chem / 3.6 / out["veh"]["state"]["dist_meters"]
        # FastSim's cabin set point is 22 °C.
        hvac = hvac_load_kw(outside_c, 22.0, model.heat_pump)
        ours = trace_energy(
            model, data["time_seconds"], data["speed_meters_per_second"], hvac_kw=hvac
        )
        assert ours.wh_per_km == pytest.approx(theirs, rel=0.10), outside_c


def test_trace_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="equal-length"):
        trace_energy(DEFAULT_CAR, [0, 1, 2], [0, 1])
    with pytest.raises(ValueError, match="increasing"):
        trace_energy(DEFAULT_CAR, [0, 2, 1], [0, 1, 2])


def _route(segments: tuple[RouteSegment, ...]) -> Route:
    km = sum(s.distance_km for s in segments)
    return Route(
        distance_km=km,
        duration_min=sum(s.duration_min for s in segments),
        geometry=(LatLon(60.0, 24.0), LatLon(60.0 + km / 111.2, 24.0)),
        segments=segments,
    )


def test_route_energy_per_segment_temperature_and_grade() -> None:
    city = RouteSegment(2.0, 3.0, 40.0, "Mannerheimintie")
    motorway = RouteSegment(30.0, 15.0, 120.0, "E18")
    route = _route((city, motorway))
    mild = route_energy(DEFAULT_CAR, route)
    assert mild.energy_kwh == pytest.approx(sum(mild.segment_kwh))
    assert len(mild.segment_kwh) == 2
    # City driving costs more per km than its cruise speed alone suggests.
    assert mild.segment_kwh[0] / 2.0 > steady_energy_kwh(DEFAULT_CAR, 1, 40)
    # 120 km/h costs far more per km than 40 km/h cruising.
    assert mild.segment_kwh[1] / 30.0 > steady_energy_kwh(DEFAULT_CAR, 1, 40)
    cold = route_energy(DEFAULT_CAR, route, outside_c=-10.0)
    assert cold.energy_kwh > mild.energy_kwh
    assert cold.hvac_kw == pytest.approx(hvac_load_kw(-10.0))
    uphill = route_energy(DEFAULT_CAR, route, grades=[0.0, 0.02])
    assert uphill.energy_kwh > mild.energy_kwh
    assert mild.kwh_to_km(0) == 0.0
    assert mild.kwh_to_km(2.0) == pytest.approx(mild.segment_kwh[0])
    assert mild.kwh_to_km(32.0) == pytest.approx(mild.energy_kwh)
    with pytest.raises(ValueError, match="grades"):
        route_energy(DEFAULT_CAR, route, grades=[0.0])


def test_route_without_segments_uses_its_mean_speed() -> None:
    route = Route(100.0, 60.0, (LatLon(48.0, 11.0), LatLon(49.0, 11.0)))
    energy = route_energy(DEFAULT_CAR, route)
    assert 120 < energy.wh_per_km < 200


def test_charging_curve_tapers_and_caps() -> None:
    car = DEFAULT_CAR
    assert (
        car.charge_power_kw(20, 350) > car.charge_power_kw(70, 350) > car.charge_power_kw(95, 350)
    )
    assert car.charge_power_kw(20, 50) == 50
    assert car.charge_power_kw(20, 350) <= car.max_charge_kw
    ten_to_80 = car.charge_minutes(10, 80, 250)
    assert 15 < ten_to_80 < 40
    # The last 20 % take longer than 40-60 %.
    assert car.charge_minutes(80, 100, 250) > car.charge_minutes(40, 60, 250)
    assert car.charge_minutes(50, 50, 250) == 0.0
    for model in CAR_MODELS.values():
        minutes = model.charge_minutes(10, 80, 350)
        expected = model.battery_kwh * 0.7 / model.max_charge_kw * 60
        assert minutes >= expected and math.isfinite(minutes)
