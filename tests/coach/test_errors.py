"""Bad input gives clear typed errors and leaves the coach's state intact."""

from __future__ import annotations

import math

import pytest

from incabin import IncabinError
from incabin.coach import (
    Coach,
    CoachConfig,
    CoachError,
    InvalidCoachConfig,
    InvalidSample,
    Sample,
    TripContext,
)
from tests.coach.traces import ACCEL, SPEED, from_accel, pulse

BAD = [
    (Sample(50.0, {SPEED: math.nan}), "Vehicle.Speed at t=50.0: expected a finite number"),
    (Sample(50.0, {SPEED: "fast"}), "expected a finite number, got 'fast'"),
    (Sample(50.0, {SPEED: True}), "expected a finite number, got True"),
    (Sample(50.0, {SPEED: -3.0}), "speed cannot be negative"),
    (Sample(50.0, {SPEED: 50.0, ACCEL: math.inf}), "Longitudinal at t=50.0"),
    (Sample(5.0, {SPEED: 50.0}), "not after the previous sample's 39.9"),
    (Sample(39.9, {SPEED: 50.0}), "not after"),
    (Sample(math.nan, {SPEED: 50.0}), "finite number of seconds"),
    (Sample(50.0, [("Vehicle.Speed", 1.0)]), "mapping of VSS paths"),  # type: ignore[arg-type]
    (Sample(50.0, {"Vehicle.TraveledDistance": 1.0}), "TraveledDistance went backwards"),
]


@pytest.mark.parametrize(("sample", "message"), BAD, ids=[m for _, m in BAD])
def test_bad_sample_is_refused_and_changes_nothing(sample, message):
    trace = from_accel(40, accel=pulse(10, 2, -5.0), v0_kmh=80,
                       extra=lambda t: {"Vehicle.TraveledDistance": 1000 + t * 0.022})
    reference, coach = Coach(), Coach()
    reference.feed_all(trace)
    coach.feed_all(trace)
    with pytest.raises(InvalidSample, match=message.replace("(", r"\(")) as err:
        coach.feed(sample)
    assert isinstance(err.value, CoachError) and isinstance(err.value, IncabinError)
    assert coach.summary() == reference.summary()
    assert coach.events == reference.events and coach.alerts == reference.alerts
    # The coach carries on with the next good sample exactly like one that saw no bad input.
    good = Sample(40.0, {SPEED: 60.0, ACCEL: 0.0, "Vehicle.TraveledDistance": 1000.9})
    assert coach.feed(good) == reference.feed(good)
    assert coach.summary() == reference.summary()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"harsh_brake_ms2": -1.0}, "harsh_brake_ms2 must be a number >= 0"),
        ({"cooldown_s": math.nan}, "cooldown_s must be a number >= 0"),
        ({"harsh_brake_release_ms2": 4.0}, "harsh_brake_release_ms2 must be below"),
        ({"battery_hot_c": 70.0}, "battery_hot_c must be below battery_critical_c"),
        ({"night_factor": 1.5}, "night_factor"),
        ({"min_arrival_soc": 100.0}, "min_arrival_soc"),
        ({"consumption_factor": 0.9}, "consumption_factor"),
        ({"lang": "de"}, "lang must be 'en' or 'zh'"),
        ({"tyre_window_s": 0.0}, "tyre_window_s must be > 0"),
    ],
)
def test_bad_config_is_refused(kwargs, message):
    with pytest.raises(InvalidCoachConfig, match=message):
        CoachConfig(**kwargs)


def test_route_without_segments_and_bad_window_are_refused():
    with pytest.raises(InvalidCoachConfig, match="no segments"):
        TripContext.from_route([])
    with pytest.raises(CoachError, match="window_min must be positive"):
        Coach().range_drop_reasons(window_min=0)


def test_feeding_a_finished_trip_is_an_error():
    coach = Coach()
    coach.feed(Sample(0.0, {SPEED: 10.0}))
    first = coach.finish()
    assert coach.finish() == first  # idempotent
    with pytest.raises(CoachError, match="finished"):
        coach.feed(Sample(1.0, {SPEED: 10.0}))
