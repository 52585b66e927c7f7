"""The alert policy: priorities, cooldowns, global rate limit, hold-back, staleness."""

from __future__ import annotations

import pytest

from incabin.coach import Coach, CoachConfig, CoachEvent, EventKind, Priority, Sample
from incabin.coach._policy import AlertPolicy
from tests.coach.traces import ACCEL, LAT, SPEED, combine, from_accel, pulse

VOLTS = "Vehicle.LowVoltageBattery.CurrentVoltage"


def event(kind: EventKind, t: float, priority: Priority, critical: bool = False, subject=""):
    return CoachEvent(kind, t, priority, 1.0, "", 1.0, subject=subject, critical=critical)


def test_two_harsh_brakes_within_the_cooldown_are_spoken_once():
    brakes = combine(pulse(60, 1.5, -4.0), pulse(360, 1.5, -4.0), pulse(1000, 1.5, -4.0))
    coach = Coach()
    events = coach.feed_all(from_accel(1100, hz=5, accel=brakes, v0_kmh=120))
    assert [round(e.started_at or 0) for e in events] == [60, 360, 1000]
    # Brake at 360 s is 5 min after the first alert (10 min cooldown): suppressed.
    assert [round(a.event.started_at or 0) for a in coach.alerts] == [60, 1000]
    assert [d.outcome for d in coach.dropped] == ["suppressed"]
    # Each alert is spoken once the deceleration (a demanding moment) is 3 s over.
    assert coach.alerts[0].t == pytest.approx(61.5 + 3.0, abs=0.25)


def test_priority_order_and_one_alert_per_gap():
    policy = AlertPolicy(CoachConfig(stale_s=1000))
    policy.offer(event(EventKind.HIGH_CONSUMPTION, 10, Priority.EFFICIENCY))
    policy.offer(event(EventKind.HARSH_ACCELERATION, 10, Priority.COMFORT))
    policy.offer(event(EventKind.TYRE_LEAK, 10, Priority.VEHICLE_HEALTH, subject="rear left"))
    policy.offer(event(EventKind.SPEEDING, 11, Priority.SAFETY))
    spoken = []
    for t in range(11, 800):
        spoken += [(e.kind, t) for e in policy.tick(float(t), demanding=False)]
    assert spoken == [
        (EventKind.SPEEDING, 11),
        (EventKind.TYRE_LEAK, 191),
        (EventKind.HIGH_CONSUMPTION, 371),
        (EventKind.HARSH_ACCELERATION, 551),
    ]


def test_feedback_on_a_moment_goes_stale_but_conditions_wait():
    policy = AlertPolicy(CoachConfig())  # 180 s gap; stale after 120 s, speeding after 15 s
    policy.offer(event(EventKind.TYRE_LEAK, 0, Priority.VEHICLE_HEALTH, subject="rear left"))
    policy.offer(event(EventKind.HARSH_ACCELERATION, 0, Priority.COMFORT))
    policy.offer(event(EventKind.BATTERY_COLD, 0, Priority.EFFICIENCY))
    spoken = []
    for t in range(400):
        if t == 100:  # during the gap after the tyre alert
            policy.offer(event(EventKind.SPEEDING, 100, Priority.SAFETY))
        spoken += [(e.kind, t) for e in policy.tick(float(t), False)]
    assert spoken == [(EventKind.TYRE_LEAK, 0), (EventKind.BATTERY_COLD, 180)]
    assert [(d.event.kind, d.outcome, d.t) for d in policy.dropped] == [
        (EventKind.SPEEDING, "stale", 116.0),
        (EventKind.HARSH_ACCELERATION, "stale", 121.0),
    ]


def test_critical_alerts_skip_the_gap_and_cooldown_but_wait_briefly_for_calm():
    policy = AlertPolicy(CoachConfig())
    policy.offer(event(EventKind.SPEEDING, 0, Priority.SAFETY))
    assert [e.kind for e in policy.tick(0.0, False)] == [EventKind.SPEEDING]
    policy.offer(event(EventKind.NEW_DTC, 10, Priority.SAFETY, critical=True, subject="P0A80"))
    # Demanding from 10 s on: the critical alert waits at most 5 s.
    assert policy.tick(10.0, True) == [] and policy.tick(14.0, True) == []
    assert [e.subject for e in policy.tick(15.0, True)] == ["P0A80"]
    policy.offer(event(EventKind.NEW_DTC, 20, Priority.SAFETY, critical=True, subject="P0A80"))
    assert [e.subject for e in policy.tick(30.0, False)] == ["P0A80"]  # no cooldown


def test_a_newer_event_replaces_the_queued_one_of_the_same_key():
    policy = AlertPolicy(CoachConfig())
    policy.offer(event(EventKind.SPEEDING, 0, Priority.SAFETY))
    assert policy.tick(0.0, True) == []
    policy.offer(event(EventKind.SPEEDING, 5, Priority.SAFETY))
    assert [e.t for e in policy.queue] == [5]
    assert [d.outcome for d in policy.dropped] == ["replaced"]


def test_held_back_while_cornering_fast_and_released_after():
    # 110 km/h through a long bend (2.5 m/s² lateral) from t=50 to t=80; the 12 V battery
    # drops at t=40, so its alert falls due (10 s hold) in the middle of the bend.
    bend = pulse(50, 30, 2.5)

    def extra(t: float) -> dict:
        return {LAT: bend(t), VOLTS: 11.3 if t >= 40 else 12.6}

    coach = Coach()
    coach.feed_all(from_accel(150, hz=10, v0_kmh=110, extra=extra))
    (alert,) = coach.alerts
    assert alert.event.kind is EventKind.LOW_12V and alert.event.t == pytest.approx(50.0)
    assert alert.t == pytest.approx(80.0 + 3.0, abs=0.15)  # 3 s of calm after the bend
    assert alert.held_s == pytest.approx(33.0, abs=0.15)


def test_held_back_during_a_manoeuvre_with_the_indicator_on():
    # The 12 V alert falls due at t=25, while the indicator is on (a lane change) 20-30 s.
    def extra(t: float) -> dict:
        return {
            VOLTS: 11.3 if t >= 15 else 12.6,
            "Vehicle.Body.Lights.DirectionIndicator.Left.IsSignaling": 20 <= t < 30,
        }

    coach = Coach()
    coach.feed_all(Sample(t / 10, {SPEED: 30.0, ACCEL: 0.0, **extra(t / 10)}) for t in range(400))
    (alert,) = coach.alerts
    assert alert.event.t == pytest.approx(25.0) and alert.t == pytest.approx(33.0, abs=0.15)


def test_without_a_manoeuvre_the_alert_is_spoken_at_once():
    coach = Coach()
    coach.feed_all(Sample(t / 10, {SPEED: 30.0, ACCEL: 0.0, VOLTS: 11.3}) for t in range(400))
    (alert,) = coach.alerts
    assert alert.event.t == pytest.approx(10.0) and alert.t == pytest.approx(10.0)


def test_same_event_is_held_while_the_indicator_is_on():
    def extra(t: float) -> dict:
        return {VOLTS: 11.3, "Vehicle.Body.Lights.DirectionIndicator.Right.IsSignaling": t >= 5}

    coach = Coach()
    coach.feed_all(Sample(t / 10, {SPEED: 30.0, ACCEL: 0.0, **extra(t / 10)}) for t in range(400))
    assert coach.alerts == ()
    assert [e.kind for e in coach.pending] == [EventKind.LOW_12V]


def test_a_long_demanding_stretch_drops_momentary_feedback_but_keeps_conditions():
    # A hard launch at 2 s, the 12 V battery low from 0 s, then a long fast bend 4-300 s.
    def extra(t: float) -> dict:
        return {LAT: 2.5 if 4 <= t < 300 else 0.0, VOLTS: 11.3}

    coach = Coach()
    coach.feed_all(from_accel(400, hz=2, v0_kmh=100, accel=pulse(2, 1, 3.2), extra=extra))
    assert [(d.event.kind, d.outcome) for d in coach.dropped] == [
        (EventKind.HARSH_ACCELERATION, "stale")
    ]
    (alert,) = coach.alerts
    assert alert.event.kind is EventKind.LOW_12V and alert.t == pytest.approx(302.5)


def test_harsh_brake_alert_waits_for_the_braking_to_end():
    coach = Coach()
    coach.feed_all(from_accel(200, accel=pulse(120, 2, -5.0), v0_kmh=80))
    (alert,) = coach.alerts
    assert alert.event.kind is EventKind.HARSH_BRAKE
    assert alert.t == pytest.approx(122.0 + 3.0, abs=0.15)
    assert alert.text == "Hard braking, 5.0 m/s². Leave more distance ahead."


def test_a_fault_code_and_its_detector_share_one_alert():
    policy = AlertPolicy(CoachConfig())
    code = CoachEvent(EventKind.NEW_DTC, 0, Priority.VEHICLE_HEALTH, subject="C0765",
                      covers="tyre_leak:rear right")
    policy.offer(code)
    assert policy.tick(0.0, False) == [code]
    leak = event(EventKind.TYRE_LEAK, 60, Priority.VEHICLE_HEALTH, subject="rear right")
    other_wheel = event(EventKind.TYRE_LEAK, 60, Priority.VEHICLE_HEALTH, subject="front left")
    policy.offer(leak)
    policy.offer(other_wheel)
    assert policy.queue == [other_wheel]
    assert [(d.event, d.outcome) for d in policy.dropped] == [(leak, "covered")]


def test_a_critical_reading_replaces_its_queued_non_critical_fault_code():
    policy = AlertPolicy(CoachConfig())
    policy.offer(event(EventKind.SPEEDING, 0, Priority.SAFETY))
    policy.tick(0.0, False)  # the gap now holds back non-critical alerts
    code = CoachEvent(EventKind.NEW_DTC, 10, Priority.VEHICLE_HEALTH, subject="P0562",
                      covers="low_12v")
    policy.offer(code)
    flat = event(EventKind.LOW_12V, 20, Priority.VEHICLE_HEALTH, critical=True)
    policy.offer(flat)
    assert policy.tick(20.0, False) == [flat] and policy.queue == []
    assert [(d.event, d.outcome) for d in policy.dropped] == [(code, "covered")]
