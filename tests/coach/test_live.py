"""End to end: the vehicle simulator's live signals feed the coach through subscriptions."""

from __future__ import annotations

from itertools import pairwise

import pytest

from incabin.coach import Coach, CoachConfig, EventKind, attach, plant_harsh_brake
from incabin.vehicle import SimConfig, SimSource, Vehicle, VehicleStore, load_cycle


def udds_points() -> list[tuple[float, float]]:
    cycle = load_cycle("udds")
    return list(zip(cycle.times_s, cycle.speeds_kmh))


@pytest.fixture(scope="module")
def udds_drive():
    """One UDDS lap with a planted harsh brake, a slow puncture, a fault code and a weak 12 V."""
    points, brake_at = plant_harsh_brake(udds_points(), 120)
    sim = SimSource(SimConfig())
    vehicle = Vehicle(VehicleStore(), sim)
    coach = Coach(CoachConfig(speed_limit_kmh=100))
    spoken: list = []
    coach.subscribe(spoken.append, which="alerts")
    cycle = sim.drive(points)
    with vehicle, attach(coach, vehicle) as feed:
        for second in range(int(cycle.duration_s)):
            if second == 60:
                sim.inject_tyre_leak("Row2.Right", kpa_per_hour=60.0)
            if second == 300:
                vehicle.add_dtc("P0420")
            if second == 900:
                sim.inject_low_12v(11.3)
            vehicle.advance(1.0)
    return coach, feed, brake_at, cycle, spoken


def test_every_planted_event_is_found_once_at_the_right_time(udds_drive):
    coach, _, brake_at, _, _ = udds_drive
    by_kind: dict = {}
    for event in coach.events:
        by_kind.setdefault(event.kind, []).append(event)
    (brake,) = by_kind[EventKind.HARSH_BRAKE]
    assert brake.started_at == pytest.approx(brake_at, abs=0.15)
    assert brake.value == pytest.approx(5.0, abs=0.05)
    (leak,) = by_kind[EventKind.TYRE_LEAK]
    # 1 kPa/min from 60 s: 7 kPa (integer TPMS readings) about 7 min later.
    assert leak.subject == "rear right" and 60 + 6 * 60 <= leak.t <= 60 + 8 * 60 + 10
    dtcs = [(e.subject, e.t) for e in by_kind[EventKind.NEW_DTC]]
    assert dtcs[0] == ("P0420", pytest.approx(300.0, abs=1.0))
    # The weak 12 V battery: the low-voltage event after 10 s, and its P0562 code at once.
    (low,) = by_kind[EventKind.LOW_12V]
    assert low.t == pytest.approx(910.0, abs=1.0) and low.value == 11.3
    assert dtcs[1] == ("P0562", pytest.approx(900.0, abs=1.0))
    assert EventKind.HARSH_ACCELERATION not in by_kind and EventKind.SPEEDING not in by_kind


def test_alerts_reach_subscribers_and_respect_the_policy(udds_drive):
    coach, _, _, _, spoken = udds_drive
    assert list(coach.alerts) == spoken
    assert spoken[0].event.kind is EventKind.HARSH_BRAKE
    gaps = [b.t - a.t for a, b in pairwise(spoken)]
    assert all(gap >= 180 - 0.2 for gap in gaps)  # no critical ones in this drive
    dtc = next(a for a in spoken if a.event.subject == "P0420")
    assert dtc.text.startswith("Fault P0420: Catalyst System Efficiency Below Threshold.")
    # The weak 12 V battery is announced once, by its fault code; the reading is "covered".
    low_12v = [a.text for a in spoken if a.event.topic == "low_12v"]
    assert low_12v == ["Fault P0562: The 12 V system voltage is low. Ask me for details."]
    assert ("low_12v", "covered") in [(d.event.key, d.outcome) for d in coach.dropped]


def test_samples_arrive_at_10_hz_and_the_summary_matches_the_cycle(udds_drive):
    coach, feed, _, cycle, _ = udds_drive
    assert feed.rejected == 0
    assert feed.samples == pytest.approx(cycle.duration_s * 10, abs=5)
    summary = coach.summary()
    assert summary.distance_km == pytest.approx(cycle.distance_km, rel=0.02)
    assert summary.duration_min == pytest.approx(cycle.duration_s / 60, abs=0.1)
    assert 8.0 < summary.kwh_per_100km < 20.0  # an EV in city driving


def test_closed_feed_stops_listening():
    sim = SimSource(SimConfig())
    vehicle = Vehicle(VehicleStore(), sim)
    coach = Coach()
    feed = attach(coach, vehicle)
    sim.drive("hwfet")
    vehicle.advance(10)
    feed.close()
    feed.close()
    count = feed.samples
    vehicle.advance(10)
    assert count == pytest.approx(100, abs=2) and feed.samples == count


def test_battery_overheat_is_critical_spoken_at_once_and_only_once():
    sim = SimSource(SimConfig())
    vehicle = Vehicle(VehicleStore(), sim)
    coach = Coach()
    with vehicle, attach(coach, vehicle):
        sim.drive("hwfet")
        vehicle.advance(100)
        sim.inject_battery_overheat(62.0)
        vehicle.advance(20)
    hot = [e for e in coach.events if e.kind is EventKind.BATTERY_HOT]
    (code,) = [e for e in coach.events if e.kind is EventKind.NEW_DTC]
    assert len(hot) == 1 and hot[0].critical
    assert code.subject == "P0A7E" and code.critical and code.handover == "car_genius"
    # The fault code and the temperature reading tell the same story: one alert.
    (alert,) = coach.alerts
    assert alert.event is hot[0] and alert.t - 100 <= 1.0
    assert alert.text == "Battery overheating at 62 °C. Stop safely and switch off."
    assert [(d.event, d.outcome) for d in coach.dropped] == [(code, "covered")]
