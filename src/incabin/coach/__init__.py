"""The driving coach: real-time insights for a smoother, safer, more efficient drive.

    from incabin.coach import Coach, CoachConfig, Sample
    coach = Coach(CoachConfig(speed_limit_kmh=50))
    coach.feed(Sample(t=0.0, values={"Vehicle.Speed": 48.0}))
    ...
    print(coach.finish().text())

Detection needs no LLM; agents read ``driving_feedback()`` and
``range_drop_reasons()`` and phrase them. ``attach(coach, vehicle)`` feeds a
coach from a live ``incabin.vehicle.Vehicle``; ``coach.subscribe(callback)`` and
``coach.stream()`` deliver events and spoken alerts to the server or a CLI.
``route_speed_points`` and ``plant_*`` build simulator traces for demos and tests.
"""

from incabin.coach._coach import Coach
from incabin.coach._context import RouteStop, TripContext
from incabin.coach._errors import CoachError, InvalidCoachConfig, InvalidSample
from incabin.coach._live import SampleSink, VehicleFeed, attach
from incabin.coach._models import (
    Alert,
    CoachEvent,
    DrivingFeedback,
    EventKind,
    Position,
    Priority,
    RangeDropReason,
    Sample,
    ScoredEvent,
    Tip,
    TripSummary,
    UpcomingStop,
)
from incabin.coach._motion import SpeedingEpisode
from incabin.coach._planting import (
    plant_harsh_acceleration,
    plant_harsh_brake,
    plant_speeding,
    route_speed_points,
)
from incabin.coach._policy import Decision
from incabin.coach._scores import Scores, score_trip
from incabin.coach._settings import CoachConfig
from incabin.coach._stream import Subscription
from incabin.coach._texts import alert_text

__all__ = [
    "Alert",
    "Coach",
    "CoachConfig",
    "CoachError",
    "CoachEvent",
    "Decision",
    "DrivingFeedback",
    "EventKind",
    "InvalidCoachConfig",
    "InvalidSample",
    "Position",
    "Priority",
    "RangeDropReason",
    "RouteStop",
    "Sample",
    "SampleSink",
    "ScoredEvent",
    "Scores",
    "SpeedingEpisode",
    "Subscription",
    "Tip",
    "TripContext",
    "TripSummary",
    "UpcomingStop",
    "VehicleFeed",
    "alert_text",
    "attach",
    "plant_harsh_acceleration",
    "plant_harsh_brake",
    "plant_speeding",
    "route_speed_points",
    "score_trip",
]
