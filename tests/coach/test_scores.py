"""Score formulas (see incabin.coach._scores) and the trip summary."""

from __future__ import annotations

import pytest

from incabin.coach import Coach, CoachConfig, CoachEvent, EventKind, Priority, Sample, score_trip
from incabin.coach._motion import SpeedingEpisode
from tests.coach.traces import ACCEL, LAT, SPEED, combine, from_accel, pulse

POWER = "Vehicle.Powertrain.TractionBattery.CurrentPower"


def harsh(kind: EventKind, peak: float, limit: float, t: float = 0.0) -> CoachEvent:
    return CoachEvent(kind, t, Priority.SAFETY, peak, "m/s²", limit, started_at=t)


def speeding(peak_excess: float, seconds: float, t: float = 0.0) -> SpeedingEpisode:
    event = CoachEvent(EventKind.SPEEDING, t, Priority.SAFETY, 50 + peak_excess, "km/h", 50)
    return SpeedingEpisode(event, peak_excess, seconds, 0.0)


def test_clean_trip_scores_100():
    scores = score_trip(1800, 0, [], [])
    assert (scores.smoothness, scores.safety, scores.costs) == (100, 100, ())


def test_harsh_brake_costs_by_severity_on_both_scores():
    brake = harsh(EventKind.HARSH_BRAKE, 7.0, 3.5)  # severity 2
    scores = score_trip(1800, 18, [brake], [])  # 1 % firm driving
    assert scores.smoothness == 100 - 2 - 16
    assert scores.safety == 100 - 12
    assert scores.costs[0].smoothness_points == 16 and scores.costs[0].safety_points == 12


def test_harsh_acceleration_costs_smoothness_only_and_severity_is_capped():
    launch = harsh(EventKind.HARSH_ACCELERATION, 30.0, 3.0)  # severity 10 -> capped at 3
    scores = score_trip(1800, 0, [launch], [])
    assert (scores.smoothness, scores.safety) == (100 - 24, 100)


def test_long_trips_scale_event_costs_by_driving_hours():
    brake = harsh(EventKind.HARSH_BRAKE, 7.0, 3.5)
    one_hour = score_trip(3600, 0, [brake], [])
    four_hours = score_trip(4 * 3600, 0, [brake], [])
    assert one_hour.smoothness == 84 and four_hours.smoothness == 96


def test_speeding_costs_excess_times_duration_capped_at_25():
    short = score_trip(1800, 0, [], [speeding(15, 120)])  # 15/5 * (1 + 2) = 9
    long = score_trip(1800, 0, [], [speeding(30, 600)])  # 6 * 11 = 66 -> 25
    assert short.safety == 91 and long.safety == 75
    assert short.smoothness == 100


def test_fatigue_reminders_cost_five_safety_points_and_scores_clamp_at_zero():
    fatigue = CoachEvent(EventKind.FATIGUE, 7200, Priority.SAFETY, 120, "min", 120)
    assert score_trip(9000, 0, [fatigue], []).safety == 95
    brakes = [harsh(EventKind.HARSH_BRAKE, 10.5, 3.5, t) for t in range(30)]
    scores = score_trip(1800, 900, brakes, [])
    assert (scores.smoothness, scores.safety) == (0, 0)


def test_costliest_events_come_first():
    small = harsh(EventKind.HARSH_ACCELERATION, 3.3, 3.0, t=10)
    big = harsh(EventKind.HARSH_BRAKE, 8.0, 3.5, t=20)
    scores = score_trip(1800, 0, [small, big], [speeding(10, 60, t=30)])
    assert [c.event.kind for c in scores.costs] == [
        EventKind.HARSH_BRAKE, EventKind.HARSH_ACCELERATION, EventKind.SPEEDING
    ]


def test_summary_of_a_planted_trip():
    # 20 min at ~72 km/h drawing 12 kW: a harsh brake at 120 s, a hard launch at 123 s and a
    # sharp corner at 600 s.
    bend = pulse(600, 2, 4.8)
    trace = from_accel(
        1200, hz=10, v0_kmh=72, accel=combine(pulse(120, 2, -5.0), pulse(123, 2, 5.0)),
        extra=lambda t: {POWER: -12000.0, LAT: bend(t)},
    )
    coach = Coach(CoachConfig(baseline_kwh_per_100km=15.0))
    coach.feed_all(trace)
    summary = coach.finish()
    assert summary.duration_min == pytest.approx(20.0, abs=0.02)
    assert summary.distance_km == pytest.approx(24.0, abs=0.2)
    assert summary.energy_kwh == pytest.approx(4.0, abs=0.01)
    assert summary.kwh_per_100km == pytest.approx(400 / 24.0, abs=0.2)
    # Brake: severity 5/3.5 on both scores (20 points); corner 4.8/4 (16.8); launch 5/3 (13.3).
    kinds = [c.event.kind for c in summary.costly_events]
    assert kinds == [EventKind.HARSH_BRAKE, EventKind.SHARP_CORNER]
    assert summary.costly_events[0].points == pytest.approx(14 * 5 / 3.5)
    assert summary.event_counts == {"harsh_brake": 1, "harsh_acceleration": 1, "sharp_corner": 1}
    assert summary.tip.code == "harsh_brake"
    assert 0 < summary.smoothness < 100 and 0 < summary.safety < 100
    en, zh = summary.text("en"), summary.text("zh")
    assert "24.0 km" in en and "kWh/100 km" in en and "Tip:" in en
    assert "平顺性" in zh and "建议" in zh
    feedback = coach.driving_feedback()
    counts = (feedback.harsh_brakes, feedback.harsh_accelerations, feedback.sharp_corners)
    assert counts == (1, 1, 1)
    assert feedback.consumption_vs_baseline_percent == pytest.approx(11.1, abs=1.0)
    assert feedback.verdict in ("good", "fair")


def test_speeding_tip_names_the_seconds_saved():
    coach = Coach(CoachConfig(speed_limit_kmh=80))
    coach.feed_all(Sample(float(t), {SPEED: 100.0, ACCEL: 0.0}) for t in range(600))
    summary = coach.finish()
    assert summary.tip.code == "speeding"
    # 600 s at 100 instead of 80 km/h saves 120 s.
    assert "120 seconds" in summary.tip.en and "120秒" in summary.tip.zh
    assert coach.driving_feedback().speeding_share_percent == pytest.approx(100.0, abs=0.5)


def test_a_smooth_trip_gets_praise_and_full_marks():
    coach = Coach()
    coach.feed_all(Sample(float(t), {SPEED: 50.0, ACCEL: 0.0}) for t in range(600))
    summary = coach.finish()
    assert (summary.smoothness, summary.safety, summary.tip.code) == (100, 100, "smooth")
    assert coach.driving_feedback().verdict == "excellent"


def test_summary_text_dates_a_break_reminder_by_when_it_came():
    coach = Coach()
    coach.feed_all(Sample(float(t), {SPEED: 100.0, ACCEL: 0.0}) for t in range(0, 7300, 2))
    text = coach.finish().text()
    assert "At 2:00:00, -5 points: 2 h at the wheel. Time for a break." in text
