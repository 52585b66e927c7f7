"""Typed values of the coach: samples in, events, alerts, summaries and answers out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from typing import Any, Literal

Lang = Literal["en", "zh"]


@dataclass(frozen=True)
class Sample:
    """The vehicle's signals at one instant.

    ``t`` is seconds since the trip started (sim or wall time); ``values`` maps
    VSS paths to their current values (numbers, booleans, or the DTC list).
    Paths the coach does not know are ignored; missing ones are "not available".
    """

    t: float
    values: Mapping[str, Any]


@dataclass(frozen=True)
class Position:
    """Where the car is along the trip, handed to the trip context's callables."""

    t: float
    trip_km: float
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True)
class UpcomingStop:
    """The next rest or charging stop of the active route."""

    name: str
    kind: str  # "charging" | "rest" | "restaurant" | "waypoint" ...
    km_ahead: float
    minutes_ahead: float


class EventKind(StrEnum):
    """What the coach detected."""

    HARSH_BRAKE = "harsh_brake"
    HARSH_ACCELERATION = "harsh_acceleration"
    SHARP_CORNER = "sharp_corner"
    SPEEDING = "speeding"
    FATIGUE = "fatigue"
    HIGH_CONSUMPTION = "high_consumption"
    LOW_ARRIVAL_SOC = "low_arrival_soc"
    BATTERY_HOT = "battery_hot"
    BATTERY_COLD = "battery_cold"
    TYRE_LEAK = "tyre_leak"
    LOW_12V = "low_12v"
    NEW_DTC = "new_dtc"


class Priority(IntEnum):
    """Alert priority; a lower number is spoken first."""

    SAFETY = 0
    VEHICLE_HEALTH = 1
    EFFICIENCY = 2
    COMFORT = 3


@dataclass(frozen=True)
class CoachEvent:
    """One detection. ``t`` is when it was detected, ``started_at`` when the condition began."""

    kind: EventKind
    t: float
    priority: Priority
    value: float | None = None  # the headline number (peak m/s², km/h, kPa, °C, percent ...)
    unit: str = ""
    limit: float | None = None  # the threshold or limit it was compared with
    started_at: float | None = None
    duration_s: float = 0.0
    subject: str = ""  # wheel name, DTC code; part of the cooldown key
    critical: bool = False
    info: str = ""  # e.g. the DTC's meaning
    handover: Literal["car_genius", "travel_companion"] | None = None
    next_stop: UpcomingStop | None = None
    extra: tuple[tuple[str, float], ...] = ()  # small named figures, e.g. (("drop_kpa", 12.0),)
    covers: str = ""  # a fault code's matching detector key, e.g. "battery_hot"

    @property
    def key(self) -> str:
        """The cooldown key: the kind, plus the subject where one kind has several."""
        return f"{self.kind.value}:{self.subject}" if self.subject else self.kind.value

    @property
    def topic(self) -> str:
        """What the driver hears about: a fault code and its detector share one topic."""
        return self.covers or self.key

    def figure(self, name: str) -> float | None:
        """One of the named figures in ``extra``, or None."""
        for key, number in self.extra:
            if key == name:
                return number
        return None


@dataclass(frozen=True)
class Alert:
    """An event as it is spoken to the driver."""

    event: CoachEvent
    t: float  # when it was spoken
    text: str
    lang: Lang

    @property
    def held_s(self) -> float:
        """How long the alert waited (rate limits, demanding moments)."""
        return self.t - self.event.t


@dataclass(frozen=True)
class Tip:
    """One concrete piece of advice, in both languages."""

    code: str
    en: str
    zh: str

    def text(self, lang: Lang) -> str:
        """The tip in ``lang``."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class ScoredEvent:
    """An event with the points it cost each score."""

    event: CoachEvent
    smoothness_points: float
    safety_points: float

    @property
    def points(self) -> float:
        """Points lost on both scores together."""
        return self.smoothness_points + self.safety_points


@dataclass(frozen=True)
class TripSummary:
    """The end-of-trip (or trip-so-far) summary."""

    distance_km: float
    duration_min: float
    driving_min: float
    energy_kwh: float
    kwh_per_100km: float | None  # None below 0.5 km
    smoothness: int  # 0-100, see incabin.coach._scores
    safety: int  # 0-100
    costly_events: tuple[ScoredEvent, ...]  # the (at most) two that cost the most points
    tip: Tip
    event_counts: Mapping[str, int] = field(default_factory=dict)
    alerts_spoken: int = 0

    def text(self, lang: Lang = "en") -> str:
        """A few plain lines for a screen or a console."""
        from incabin.coach._texts import summary_text

        return summary_text(self, lang)


Verdict = Literal["excellent", "good", "fair", "poor"]


@dataclass(frozen=True)
class DrivingFeedback:
    """Data for "how was my driving?"; the agents phrase it."""

    summary: TripSummary
    verdict: Verdict
    harsh_brakes: int
    harsh_accelerations: int
    sharp_corners: int
    speeding_episodes: int
    speeding_share_percent: float  # of driving time above limit + tolerance
    baseline_kwh_per_100km: float | None
    consumption_vs_baseline_percent: float | None  # +12.0 means 12 % above the baseline


RangeReasonCode = Literal["high_speed", "braking_losses", "climate", "cold_battery", "unexplained"]


@dataclass(frozen=True)
class RangeDropReason:
    """One cause of energy use, for "why is my range dropping?"."""

    code: RangeReasonCode
    kwh: float
    share_percent: float  # of the energy used in the window
    km_of_range: float  # range it cost at the current consumption
    figure: float | None = None  # e.g. mean speed above 90 km/h, outside °C, battery °C
    unit: str = ""

