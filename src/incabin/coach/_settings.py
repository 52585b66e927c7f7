"""The coach's thresholds and alert-policy settings, validated once."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import datetime

from incabin.coach._errors import InvalidCoachConfig
from incabin.coach._models import Lang
from incabin.travel.energy import DEFAULT_CAR, CarModel


@dataclass(frozen=True)
class CoachConfig:
    """Detection thresholds and alert policy. Accelerations in m/s², times in s."""

    # Harsh events: trigger at the first value, re-arm below the second (hysteresis).
    harsh_brake_ms2: float = 3.5
    harsh_brake_release_ms2: float = 2.5
    harsh_accel_ms2: float = 3.0
    harsh_accel_release_ms2: float = 2.0
    corner_ms2: float = 4.0
    corner_release_ms2: float = 3.0
    harsh_min_duration_s: float = 0.3  # shorter spikes are road bumps
    firm_accel_ms2: float = 2.0  # counts toward the smoothness score's "firm driving" share
    # Speeding: above limit + tolerance for at least speeding_min_s.
    speed_limit_kmh: float | None = None  # used when the trip context knows no limit
    speeding_tolerance_kmh: float = 5.0
    speeding_min_s: float = 10.0
    # Fatigue: continuous driving; a stop of break_min_s resets it.
    fatigue_after_s: float = 2 * 3600.0
    night_factor: float = 0.75  # at night a break is suggested after fatigue_after_s * factor
    night_start_hour: int = 22
    night_end_hour: int = 6
    break_min_s: float = 15 * 60.0
    fatigue_repeat_s: float = 45 * 60.0
    start_time: datetime | None = None  # clock time of t = 0; None: treated as daytime
    # Energy.
    car: CarModel = DEFAULT_CAR  # physics for the energy breakdown; its battery for SoC
    baseline_kwh_per_100km: float | None = None  # the driver's own usual consumption
    consumption_factor: float = 1.25  # alert above baseline * factor
    consumption_window_km: float = 10.0
    min_arrival_soc: float = 10.0
    soc_check_s: float = 30.0
    battery_hot_c: float = 50.0
    battery_critical_c: float = 60.0
    battery_cold_c: float = 0.0
    # Tyres: a wheel dropping this much more than the others within the window.
    tyre_drop_kpa: float = 7.0
    tyre_window_s: float = 1800.0
    tyre_min_history_s: float = 120.0
    tyre_critical_kpa: float = 180.0
    low_12v_v: float = 11.8
    # Alert policy.
    cooldown_s: float = 10 * 60.0  # no repeat of the same key within this time
    global_gap_s: float = 3 * 60.0  # at most one non-critical alert per gap
    stale_s: float = 120.0  # queued feedback on a harsh moment is dropped after this
    speeding_stale_s: float = 15.0  # a queued speeding alert is dropped after this
    calm_s: float = 3.0  # quiet time after a demanding moment before releasing
    critical_hold_max_s: float = 5.0  # critical alerts wait at most this for a calm moment
    demanding_speed_kmh: float = 80.0
    demanding_lat_ms2: float = 2.0  # lateral load that makes high speed demanding
    manoeuvre_lat_ms2: float = 3.0  # lateral load that is demanding at any speed
    manoeuvre_long_ms2: float = 3.0
    lang: Lang = "en"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            is_number = isinstance(value, float | int) and not isinstance(value, bool)
            if is_number and (math.isnan(value) or value < 0):
                raise InvalidCoachConfig(f"{f.name} must be a number >= 0, got {value!r}")
        pairs = (
            ("harsh_brake_release_ms2", "harsh_brake_ms2"),
            ("harsh_accel_release_ms2", "harsh_accel_ms2"),
            ("corner_release_ms2", "corner_ms2"),
            ("battery_hot_c", "battery_critical_c"),
        )
        for low, high in pairs:
            if getattr(self, low) >= getattr(self, high):
                raise InvalidCoachConfig(f"{low} must be below {high}")
        if not 0 < self.night_factor <= 1:
            raise InvalidCoachConfig("night_factor must be in (0, 1]")
        if not (0 <= self.night_start_hour < 24 and 0 <= self.night_end_hour < 24):
            raise InvalidCoachConfig("night hours must be 0-23")
        if not 0 <= self.min_arrival_soc < 100:
            raise InvalidCoachConfig("min_arrival_soc must be 0-99 percent")
        if self.consumption_window_km <= 0 or self.tyre_window_s <= 0:
            raise InvalidCoachConfig("consumption_window_km and tyre_window_s must be > 0")
        if self.consumption_factor < 1:
            raise InvalidCoachConfig("consumption_factor must be >= 1")
        if self.lang not in ("en", "zh"):
            raise InvalidCoachConfig(f"lang must be 'en' or 'zh', got {self.lang!r}")

    def hour_of_day(self, t: float) -> float | None:
        """The local clock hour (0-24, fractional) at trip time ``t``, or None if unknown."""
        if self.start_time is None:
            return None
        start = self.start_time
        return (start.hour + start.minute / 60 + start.second / 3600 + t / 3600) % 24

    def is_night(self, t: float) -> bool:
        """Whether trip time ``t`` falls in the night window."""
        hour = self.hour_of_day(t)
        if hour is None:
            return False
        start, end = self.night_start_hour, self.night_end_hour
        return hour >= start or hour < end if start > end else start <= hour < end
