"""What the coach knows about the trip: speed limits, the next stop, arrival SoC.

The coach takes plain callables so that any source can feed it (the travel
layer's active route, a map-matching service, a test); ``TripContext.from_route``
builds them from a route's ``RouteSegment`` list.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import TYPE_CHECKING

from incabin.coach._errors import InvalidCoachConfig
from incabin.coach._models import Position, UpcomingStop
from incabin.travel._models import Route, RouteSegment
from incabin.travel.energy import DEFAULT_CAR, CarModel, steady_energy_kwh

if TYPE_CHECKING:
    from incabin.travel.navigation import TripPlan

SpeedLimitFn = Callable[[Position], float | None]
NextStopFn = Callable[[Position], UpcomingStop | None]
ArrivalSocFn = Callable[[Position, float], float | None]  # (position, SoC now) -> SoC at arrival


@dataclass(frozen=True)
class RouteStop:
    """A planned stop along the route, by its distance from the start."""

    name: str
    kind: str
    km_from_start: float


@dataclass(frozen=True)
class TripContext:
    """Optional knowledge of the trip; every part may be None."""

    speed_limit: SpeedLimitFn | None = None
    next_stop: NextStopFn | None = None
    arrival_soc: ArrivalSocFn | None = None

    @classmethod
    def from_route(
        cls,
        route: Route | Sequence[RouteSegment],
        stops: Sequence[RouteStop] = (),
        car: CarModel = DEFAULT_CAR,
        hvac_kw: float = 0.0,
    ) -> TripContext:
        """Speed limit, next stop and arrival SoC along a route's segments.

        The trip's distance travelled (``Position.trip_km``) locates the car on
        the route; arrival SoC is the SoC now minus the steady-speed energy
        (``incabin.travel.energy``) of the segments up to the next charging stop,
        or to the destination when no charging stop is left.
        """
        segments = tuple(route.segments if isinstance(route, Route) else route)
        if not segments:
            raise InvalidCoachConfig("the route has no segments to take limits from")
        return _RouteIndex(segments, tuple(stops), car, hvac_kw).context()

    @classmethod
    def from_trip_plan(
        cls, plan: TripPlan, car: CarModel = DEFAULT_CAR, hvac_kw: float = 0.0
    ) -> TripContext:
        """The context of the navigation's active trip (``Navigation.plan``).

        Planned charging stops are placed where the charging plan puts them; the
        driver's own stops where they project onto the route's geometry.
        """
        from incabin.travel.along_route import RouteLine

        line = RouteLine(plan.route) if len(plan.route.geometry) >= 2 else None
        stops = []
        for stop in plan.stops:
            if stop.charge is not None:
                km = stop.charge.km_from_start
            elif line is not None:
                km = line.project(stop.place.point).km_from_start
            else:
                continue
            stops.append(RouteStop(stop.place.name, stop.kind, km))
        return cls.from_route(plan.route, stops, car, hvac_kw)


class _RouteIndex:
    """Cumulative distance, time and energy over a route's segments."""

    def __init__(
        self,
        segments: tuple[RouteSegment, ...],
        stops: tuple[RouteStop, ...],
        car: CarModel,
        hvac_kw: float,
    ) -> None:
        self.segments = segments
        self.ends_km = list(accumulate(s.distance_km for s in segments))
        self.ends_min = list(accumulate(s.duration_min for s in segments))
        energy = [
            steady_energy_kwh(car, s.distance_km, s.speed_limit_kmh, hvac_kw=hvac_kw)
            for s in segments
        ]
        self.ends_kwh = list(accumulate(energy))
        self.stops = sorted(stops, key=lambda s: s.km_from_start)
        self.battery_kwh = car.battery_kwh

    def _index(self, km: float) -> int:
        return min(bisect.bisect_right(self.ends_km, km), len(self.segments) - 1)

    def _cumulative(self, ends: list[float], km: float) -> float:
        """Linear interpolation of a cumulative quantity at ``km`` along the route."""
        i = self._index(km)
        start_km = self.ends_km[i - 1] if i else 0.0
        start = ends[i - 1] if i else 0.0
        length = self.segments[i].distance_km
        frac = min(max((km - start_km) / length, 0.0), 1.0) if length > 0 else 1.0
        return start + (ends[i] - start) * frac

    def speed_limit(self, pos: Position) -> float | None:
        if pos.trip_km > self.ends_km[-1]:
            return None
        return self.segments[self._index(pos.trip_km)].speed_limit_kmh

    def next_stop(self, pos: Position) -> UpcomingStop | None:
        for stop in self.stops:
            if stop.km_from_start > pos.trip_km:
                minutes = self._cumulative(self.ends_min, stop.km_from_start) - self._cumulative(
                    self.ends_min, pos.trip_km
                )
                return UpcomingStop(stop.name, stop.kind, stop.km_from_start - pos.trip_km, minutes)
        return None

    def arrival_soc(self, pos: Position, soc: float) -> float | None:
        # A planned charging stop ends the stretch the current charge has to cover.
        target_km = next(
            (s.km_from_start for s in self.stops
             if s.kind == "charging" and s.km_from_start > pos.trip_km),
            self.ends_km[-1],
        )
        need = self._cumulative(self.ends_kwh, target_km) - self._cumulative(
            self.ends_kwh, pos.trip_km
        )
        return soc - 100.0 * need / self.battery_kwh

    def context(self) -> TripContext:
        return TripContext(self.speed_limit, self.next_stop, self.arrival_soc)
