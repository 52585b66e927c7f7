"""Where the energy went ("why is my range dropping?") and the route context."""

from __future__ import annotations

import pytest

from incabin.coach import Coach, Position, RouteStop, Sample, TripContext
from incabin.travel import ChargeStop, LatLon, Place
from incabin.travel._models import Route, RouteSegment
from incabin.travel.energy import (
    DEFAULT_CAR,
    hvac_load_kw,
    steady_energy_kwh,
    traction_power_kw,
)
from incabin.travel.navigation import TripPlan, TripSettings, TripStop
from tests.coach.traces import ACCEL, SPEED, from_accel

POWER = "Vehicle.Powertrain.TractionBattery.CurrentPower"
OUTSIDE = "Vehicle.Exterior.AirTemperature"
BATTERY_C = "Vehicle.Powertrain.TractionBattery.Temperature.Average"
FAN = "Vehicle.Cabin.HVAC.Station.Row1.Driver.FanSpeed"
SOC = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"


def test_motorway_speed_is_the_main_reason_and_matches_the_physics():
    coach = Coach()
    # 30 min at 130 km/h, the battery delivering what the road-load model says plus aux.
    kw = traction_power_kw(DEFAULT_CAR, 130 / 3.6, 0.0) + DEFAULT_CAR.aux_kw
    coach.feed_all(Sample(float(t), {SPEED: 130.0, ACCEL: 0.0, POWER: -kw * 1000})
                   for t in range(1800))
    reasons = coach.range_drop_reasons()
    assert reasons[0].code == "high_speed" and reasons[0].figure == 130.0
    # Aero above the 90 km/h level: 0.5 rho CdA (v^3 - v 25^2) / eta over 30 min.
    car, v = DEFAULT_CAR, 130 / 3.6
    expected = 0.5 * 1.2 * car.drag_coefficient * car.frontal_area_m2 * (v**3 - v * 625) / (
        car.drivetrain_efficiency * 1000) * 0.5
    assert reasons[0].kwh == pytest.approx(expected, rel=0.01)
    assert reasons[0].share_percent == pytest.approx(100 * expected / (kw * 0.5), abs=0.2)
    # Measured equals the model here: nothing is left unexplained.
    assert "unexplained" not in [r.code for r in reasons]


def test_stop_and_go_with_hard_braking_loses_energy_in_the_brakes():
    def accel(t: float) -> float:
        phase = t % 40
        return 2.0 if phase < 8 else -5.0 if 20 <= phase < 23.2 else 0.0

    gentle, harsh = Coach(), Coach()
    harsh.feed_all(from_accel(1200, accel=accel, v0_kmh=0))
    gentle.feed_all(from_accel(1200, accel=lambda t: accel(t) * 0.4 if accel(t) < 0 else
                               (0.8 if t % 40 < 20 else 0.0), v0_kmh=0))
    top = harsh.range_drop_reasons()[0]
    assert top.code == "braking_losses" and top.share_percent > 20
    gentle_loss = next(r for r in gentle.range_drop_reasons() if r.code == "braking_losses")
    assert gentle_loss.kwh < top.kwh / 2


def test_cold_day_shows_climate_and_cold_battery_and_unexplained_extra():
    coach = Coach()
    model_kw = traction_power_kw(DEFAULT_CAR, 50 / 3.6, 0.0) + DEFAULT_CAR.aux_kw
    coach.feed_all(
        Sample(float(t), {SPEED: 50.0, ACCEL: 0.0, POWER: -(model_kw + 4.0) * 1000,
                          OUTSIDE: -10.0, BATTERY_C: 2.0, FAN: 40})
        for t in range(1200)
    )
    codes = [r.code for r in coach.range_drop_reasons()]
    assert set(codes) == {"climate", "cold_battery", "unexplained"}
    climate = next(r for r in coach.range_drop_reasons() if r.code == "climate")
    assert climate.figure == -10.0 and climate.unit == "°C"
    # The car's climate load at -10 °C for 20 min (1199 s between the first and last sample).
    heat_kw = hvac_load_kw(-10.0, heat_pump=DEFAULT_CAR.heat_pump)
    assert climate.kwh == pytest.approx(heat_kw * 1199 / 3600, rel=0.01)
    assert climate.km_of_range > 0


def test_window_limits_the_reasons_to_recent_minutes():
    coach = Coach()
    # 10 min at 130 km/h, then 10 min at 60: the last 5 minutes have no high-speed share.
    coach.feed_all(Sample(float(t), {SPEED: 130.0 if t < 600 else 60.0, ACCEL: 0.0})
                   for t in range(1200))
    assert coach.range_drop_reasons()[0].code == "high_speed"
    assert "high_speed" not in [r.code for r in coach.range_drop_reasons(window_min=5)]


def test_soc_is_used_when_no_power_signal():
    coach = Coach()
    coach.feed_all(Sample(float(t), {SPEED: 90.0, ACCEL: 0.0, SOC: 80.0 - t / 300})
                   for t in range(1801))
    summary = coach.finish()
    # 6 % of the battery over 45 km.
    assert summary.energy_kwh == pytest.approx(0.06 * DEFAULT_CAR.battery_kwh, rel=0.001)
    expected = 0.06 * DEFAULT_CAR.battery_kwh / 45 * 100
    assert summary.kwh_per_100km == pytest.approx(expected, rel=0.01)


def test_route_context_limits_stops_and_arrival_soc():
    segments = (RouteSegment(10.0, 12.0, 50.0), RouteSegment(90.0, 54.0, 100.0))
    route = Route(100.0, 66.0, geometry=(), segments=segments)
    stops = [RouteStop("Charger A", "charging", 60.0)]
    ctx = TripContext.from_route(route, stops)
    assert ctx.speed_limit(Position(0, 5.0)) == 50.0
    assert ctx.speed_limit(Position(0, 10.5)) == 100.0
    assert ctx.speed_limit(Position(0, 150.0)) is None
    stop = ctx.next_stop(Position(0, 5.0))
    assert stop.name == "Charger A" and stop.km_ahead == 55.0
    assert stop.minutes_ahead == pytest.approx(6.0 + 50 * 0.6)
    assert ctx.next_stop(Position(0, 61.0)) is None
    # Before the charger the charge must last to it; after it, to the destination.
    car = DEFAULT_CAR
    to_charger = steady_energy_kwh(car, 5.0, 50.0) + steady_energy_kwh(car, 50.0, 100.0)
    assert ctx.arrival_soc(Position(0, 5.0), 50.0) == pytest.approx(
        50 - 100 * to_charger / DEFAULT_CAR.battery_kwh)
    to_end = steady_energy_kwh(DEFAULT_CAR, 39.0, 100.0)
    assert ctx.arrival_soc(Position(0, 61.0), 50.0) == pytest.approx(
        50 - 100 * to_end / DEFAULT_CAR.battery_kwh)


def test_context_from_the_navigations_trip_plan():
    route = Route(120.0, 72.0, geometry=(LatLon(60.0, 24.0), LatLon(61.0, 24.0)),
                  segments=(RouteSegment(120.0, 72.0, 100.0),))
    charger = Place("Charger X", 60.8, 24.0, kind="charging")
    stops = (
        TripStop(Place("Cafe", 60.5, 24.0, kind="restaurant"), "restaurant"),
        TripStop(charger, "charging", planned=True,
                 charge=ChargeStop(charger, 20.0, 80.0, 20.0, 95.0, 150.0, 2.0)),
    )
    plan = TripPlan(TripSettings(LatLon(60.0, 24.0), Place("Oulu", 61.0, 24.0)), stops, route,
                    None, 120.0, 72.0, 20.0, 92.0, 18.0, 30.0, True)
    ctx = TripContext.from_trip_plan(plan)
    cafe = ctx.next_stop(Position(0, 10.0))
    # The cafe projects half-way along the geometry: 60 of the route's 120 road km.
    assert cafe.name == "Cafe" and cafe.km_ahead == pytest.approx(50.0, abs=0.5)
    assert ctx.next_stop(Position(0, 61.0)).name == "Charger X"
    assert ctx.next_stop(Position(0, 61.0)).km_ahead == pytest.approx(34.0)
    assert ctx.speed_limit(Position(0, 50.0)) == 100.0
    to_charger = steady_energy_kwh(DEFAULT_CAR, 85.0, 100.0)
    assert ctx.arrival_soc(Position(0, 10.0), 50.0) == pytest.approx(
        50 - 100 * to_charger / DEFAULT_CAR.battery_kwh)
