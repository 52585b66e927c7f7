"""Detectors on traces with planted events: each found once, at the right time."""

from __future__ import annotations

from datetime import datetime

import pytest

from incabin.coach import (
    Coach,
    CoachConfig,
    EventKind,
    Priority,
    RouteStop,
    Sample,
    TripContext,
    UpcomingStop,
)
from incabin.travel._models import RouteSegment
from tests.coach.traces import ACCEL, LAT, SPEED, combine, from_accel, pulse

TYRES = {
    "front left": "Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire.Pressure",
    "front right": "Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire.Pressure",
    "rear left": "Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire.Pressure",
    "rear right": "Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire.Pressure",
}


def kinds(events):
    return [e.kind for e in events]


def at(kmh: float) -> dict:
    """Speed with a measured zero acceleration, so that step changes are not harsh events."""
    return {SPEED: kmh, ACCEL: 0.0}


def test_planted_harsh_brake_at_120s_is_found_once_at_120s():
    # Cruise at 60 km/h, brake at 5 m/s² for 2 s at t=120, then pull away gently.
    trace = from_accel(300, accel=combine(pulse(120, 2, -5.0), pulse(125, 10, 1.0)))
    coach = Coach()
    events = coach.feed_all(trace)
    assert kinds(events) == [EventKind.HARSH_BRAKE]
    brake = events[0]
    assert brake.started_at == pytest.approx(120.0, abs=0.05)
    assert brake.t == pytest.approx(122.0, abs=0.15)  # reported when the brake is released
    assert brake.value == pytest.approx(5.0)
    assert brake.limit == 3.5 and brake.priority is Priority.SAFETY


def test_harsh_brake_found_from_speed_alone_at_1hz():
    # A car with no accelerometer signal: the coach derives deceleration from speed.
    trace = from_accel(300, hz=1, accel=pulse(120, 3, -4.5), with_accel=False)
    events = Coach().feed_all(trace)
    assert kinds(events) == [EventKind.HARSH_BRAKE]
    assert events[0].started_at == pytest.approx(121.0)  # the first 1 Hz step showing it
    assert events[0].value == pytest.approx(4.5, abs=0.01)


def test_hysteresis_one_event_while_hovering_around_the_trigger():
    # Deceleration flickers between 3.6 and 3.0 m/s² for 4 s: above the 2.5 re-arm level.
    def flicker(t: float) -> float:
        if 60 <= t < 64:
            return -3.6 if int(t * 10) % 2 else -3.0
        return 0.0

    events = Coach().feed_all(from_accel(120, accel=flicker, v0_kmh=100))
    assert kinds(events) == [EventKind.HARSH_BRAKE]
    assert events[0].duration_s == pytest.approx(4.0, abs=0.15)


def test_two_separate_brakes_are_two_events_and_a_spike_is_none():
    accel = combine(pulse(60, 1.5, -4.0), pulse(90, 1.5, -4.0), pulse(150, 0.1, -8.0))
    events = Coach().feed_all(from_accel(200, accel=accel, v0_kmh=100))
    assert [round(e.started_at or 0) for e in events] == [60, 90]


def test_harsh_acceleration_and_sharp_cornering():
    lateral = pulse(200, 3, 5.0)
    trace = from_accel(
        300, accel=pulse(100, 2, 3.5), v0_kmh=30, extra=lambda t: {LAT: -lateral(t)}
    )
    events = Coach().feed_all(trace)
    assert kinds(events) == [EventKind.HARSH_ACCELERATION, EventKind.SHARP_CORNER]
    assert events[0].started_at == pytest.approx(100.0) and events[0].priority is Priority.COMFORT
    assert events[1].started_at == pytest.approx(200.0) and events[1].value == 5.0


def test_speeding_against_configured_limit_needs_ten_seconds():
    def speed(t: float) -> dict:
        if 100 <= t < 130:
            return at(62.0)
        if 200 <= t < 208:  # too short to count
            return at(70.0)
        return at(48.0)

    trace = [Sample(t, speed(t)) for t in range(300)]
    coach = Coach(CoachConfig(speed_limit_kmh=50))
    events = coach.feed_all(trace)
    assert kinds(events) == [EventKind.SPEEDING]
    assert events[0].t == 110 and events[0].started_at == 100
    assert (events[0].value, events[0].limit) == (62, 50)
    coach.finish()
    episode = coach._speeding.episodes[0]
    assert episode.duration_s == 30 and episode.peak_excess_kmh == 12
    # 30 s at 62 instead of 50 km/h saves 30 * (1 - 50/62) s.
    assert episode.time_saved_s == pytest.approx(30 * (1 - 50 / 62))


def test_speeding_uses_the_routes_limits_by_distance():
    segments = [RouteSegment(1.0, 1.2, 50.0), RouteSegment(5.0, 3.75, 80.0)]
    coach = Coach(context=TripContext.from_route(segments))
    # 70 km/h all along: over the limit on the first kilometre only (~51 s).
    events = coach.feed_all(Sample(float(t), {SPEED: 70.0}) for t in range(240))
    assert kinds(events) == [EventKind.SPEEDING]
    assert events[0].limit == 50.0 and events[0].t == 10.0


def long_drive(hours: float, start: datetime | None = None, stops=(), breaks=()) -> Coach:
    """A steady 100 km/h drive at 1 Hz; ``breaks`` are (start_s, seconds) standing still."""
    context = TripContext.from_route(
        [RouteSegment(400.0, 240.0, 100.0)], stops=stops
    ) if stops else None
    coach = Coach(CoachConfig(start_time=start), context)

    def speed(t: int) -> float:
        return 0.0 if any(b <= t < b + d for b, d in breaks) else 100.0

    coach.feed_all(Sample(float(t), at(speed(t))) for t in range(int(hours * 3600)))
    return coach


def test_fatigue_after_two_hours_of_a_2h30_day_drive_once():
    coach = long_drive(2.5, start=datetime(2026, 3, 14, 9, 0))
    fatigue = [e for e in coach.events if e.kind is EventKind.FATIGUE]
    assert len(fatigue) == 1
    assert fatigue[0].t == 7200 and fatigue[0].value == 120 and fatigue[0].limit == 120
    assert fatigue[0].figure("night") == 0.0


def test_fatigue_sooner_at_night_and_repeats():
    coach = long_drive(2.5, start=datetime(2026, 3, 14, 23, 0))
    fatigue = [e for e in coach.events if e.kind is EventKind.FATIGUE]
    assert [e.t for e in fatigue] == [5400, 5400 + 2700]
    assert fatigue[0].limit == 90 and fatigue[0].figure("night") == 1.0


def test_a_real_break_resets_fatigue_but_a_red_light_does_not():
    rested = long_drive(2.5, breaks=[(3600, 20 * 60)])
    assert EventKind.FATIGUE not in kinds(rested.events)
    lights = long_drive(2.5, breaks=[(600 * k, 60) for k in range(1, 12)])
    assert kinds(lights.events).count(EventKind.FATIGUE) == 1


def test_fatigue_names_the_next_stop_of_the_route():
    stops = [RouteStop("Lahti charger", "charging", 150.0), RouteStop("Cafe Jyvä", "rest", 230.0)]
    coach = long_drive(2.1, stops=stops)
    (event,) = [e for e in coach.events if e.kind is EventKind.FATIGUE]
    # 200 km driven at t=7200: the charger is behind, the cafe 30 km (18 min) ahead.
    assert event.next_stop == UpcomingStop("Cafe Jyvä", "rest", pytest.approx(30.0, abs=0.1),
                                           pytest.approx(18.0, abs=0.1))


def test_slow_tyre_leak_found_once_on_the_right_wheel():
    # All four warm up 6 kPa over 20 min (driving); the front left leaks 1 kPa/min from t=600.
    def pressures(t: float) -> dict:
        warm = 250.0 + 6.0 * min(t, 1200) / 1200
        values = {path: warm for path in TYRES.values()}
        values[TYRES["front left"]] -= max(0.0, t - 600) / 60.0
        return values

    coach = Coach()
    events = coach.feed_all(
        Sample(float(t), {SPEED: 80.0, **pressures(t)}) for t in range(2400)
    )
    assert kinds(events) == [EventKind.TYRE_LEAK]
    leak = events[0]
    assert leak.subject == "front left" and leak.priority is Priority.VEHICLE_HEALTH
    # 7 kPa relative drop at 1 kPa/min: ~7 min after the leak began (10 s sampling).
    assert 600 + 7 * 60 <= leak.t <= 600 + 7 * 60 + 20
    assert leak.figure("kpa_per_min") == pytest.approx(1.0, abs=0.1)
    assert not leak.critical


def test_tyres_cooling_together_are_not_a_leak():
    events = Coach().feed_all(
        Sample(float(t), {SPEED: 50.0, **{p: 260.0 - t / 60 for p in TYRES.values()}})
        for t in range(1800)
    )
    assert events == []


def test_battery_temperature_levels_with_hysteresis():
    path = "Vehicle.Powertrain.TractionBattery.Temperature.Average"
    ramp = [40 + 0.05 * t for t in range(441)]  # 40 -> 62 °C: hot at t=200, critical at 400
    hover = [58.5 + 2 * (t % 2) for t in range(200)]  # 58.5/60.5: never 3 °C below critical
    cool_and_heat = [45.0] * 50 + [50.5] * 50  # back to normal, then hot again
    temps = ramp + hover + cool_and_heat
    events = Coach().feed_all(Sample(float(i), {SPEED: 90.0, path: c}) for i, c in enumerate(temps))
    assert [(e.t, e.critical, e.limit) for e in events] == [
        (200, False, 50), (400, True, 60), (441 + 200 + 50, False, 50)
    ]
    assert all(e.kind is EventKind.BATTERY_HOT for e in events)


def test_cold_battery_is_an_efficiency_event():
    path = "Vehicle.Powertrain.TractionBattery.Temperature.Average"
    events = Coach().feed_all(Sample(float(t), {SPEED: 50.0, path: -8.0}) for t in range(100))
    assert kinds(events) == [EventKind.BATTERY_COLD]
    assert events[0].priority is Priority.EFFICIENCY and events[0].t == 0


def test_new_dtcs_hand_over_to_car_genius():
    def describe(code: str) -> tuple[str, str]:
        return {"P0A80": ("Replace hybrid battery pack", "stop_now")}.get(code, ("", "info"))

    lists = [[]] * 10 + [["P0A80"]] * 10 + [["P0A80", "U0100"]] * 10 + [["U0100"]] * 10
    coach = Coach(describe_dtc=describe)
    events = coach.feed_all(
        Sample(float(t), {SPEED: 40.0, "Vehicle.Diagnostics.DTCList": codes})
        for t, codes in enumerate(lists)
    )
    assert [(e.subject, e.t) for e in events] == [("P0A80", 10), ("U0100", 20)]
    assert all(e.kind is EventKind.NEW_DTC and e.handover == "car_genius" for e in events)
    assert events[0].critical and events[0].priority is Priority.SAFETY
    assert events[0].info == "Replace hybrid battery pack"
    assert not events[1].critical


def test_consumption_above_the_drivers_baseline():
    power = "Vehicle.Powertrain.TractionBattery.CurrentPower"

    def run(kw: float) -> list:
        coach = Coach(CoachConfig(baseline_kwh_per_100km=16.0))
        # 100 km/h for 15 min drawing `kw`: kw kWh/100 km.
        return coach.feed_all(
            Sample(float(t), {SPEED: 100.0, power: -kw * 1000}) for t in range(900)
        )

    assert run(17.0) == []
    (event,) = run(22.0)
    assert event.kind is EventKind.HIGH_CONSUMPTION
    assert event.value == pytest.approx(22.0, abs=0.2) and event.limit == 16.0
    assert event.figure("above_percent") == pytest.approx(38, abs=1)
    assert 360 <= event.t <= 380  # after the first 10 km window


def test_soc_not_enough_for_the_destination():
    soc = "Vehicle.Powertrain.TractionBattery.StateOfCharge.Current"
    context = TripContext(arrival_soc=lambda pos, now: now - 100 * (50 - pos.trip_km) / 300)
    coach = Coach(CoachConfig(min_arrival_soc=15.0), context)
    # SoC falls 1 %/min: the prediction crosses 15 % once, then stays low.
    events = coach.feed_all(
        Sample(float(t), {SPEED: 60.0, soc: 40.0 - t / 60}) for t in range(1800)
    )
    assert kinds(events) == [EventKind.LOW_ARRIVAL_SOC]
    assert events[0].value < 15.0 and events[0].limit == 15.0
    assert events[0].handover == "travel_companion"


def test_low_12v_battery_after_ten_seconds():
    path = "Vehicle.LowVoltageBattery.CurrentVoltage"
    volts = [12.6] * 50 + [11.5] * 60 + [12.7] * 10 + [11.4] * 30
    events = Coach().feed_all(Sample(float(t), {path: v}) for t, v in enumerate(volts))
    assert [(e.kind, e.t) for e in events] == [(EventKind.LOW_12V, 60), (EventKind.LOW_12V, 130)]
