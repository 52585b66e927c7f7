"""The active trip: destination, stops, route and charging plan, edited step by step.

Every edit builds a whole new :class:`TripPlan` from the edited settings and
only then replaces the current one, so a failed edit (no route, no charging
plan, a stop that is not there) raises and leaves the trip as it was.
Charging stops chosen by the planner are re-planned after each edit; stops the
driver added (including chargers) stay where they are.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any, Literal, Protocol

from incabin.travel._errors import InvalidTravelRequest, TravelError
from incabin.travel._models import LatLon, Place, Route
from incabin.travel.along_route import RouteLine, minutes_to_km
from incabin.travel.charging import ChargePlan, ChargeStop, InvalidChargingRequest, plan_charging
from incabin.travel.energy import DEFAULT_CAR, CarModel, RouteEnergy, route_energy

logger = logging.getLogger(__name__)

StopKind = Literal["charging", "restaurant", "waypoint"]
STOP_KINDS: tuple[str, ...] = ("charging", "restaurant", "waypoint")
RouteMode = Literal["fastest", "shortest", "eco"]
ROUTE_MODES: tuple[str, ...] = ("fastest", "shortest", "eco")
AVOIDABLE: frozenset[str] = frozenset({"motorways", "tolls"})
_FOOD_KINDS = ("restaurant", "cafe", "fast_food")


class NoActiveRoute(TravelError):
    """A route edit or question while no navigation is active."""

    def __init__(self, action: str = "do that") -> None:
        super().__init__(f"There is no active navigation to {action}; start a trip first")


class StopNotFound(TravelError, LookupError):
    """A stop to remove or replace is not on the route, or the name fits several stops."""

    def __init__(self, stop: int | str, names: Sequence[str], matching: Sequence[str] = ()) -> None:
        if len(matching) > 1:
            message = f"{stop!r} fits several stops: {', '.join(matching)}; which one?"
        else:
            listed = ", ".join(names) if names else "none"
            message = f"There is no stop {stop!r} on the route (stops: {listed})"
        super().__init__(message)
        self.stop = stop
        self.names = tuple(names)
        self.matching = tuple(matching)


class InvalidTripRequest(InvalidTravelRequest, ValueError):
    """A trip setting that cannot be used: unknown route mode, stop kind or avoid option."""


class NavigationAtlas(Protocol):
    """What navigation needs from the map: routing and the points of interest."""

    def route(
        self,
        points: Sequence[Place | LatLon],
        mode: RouteMode = "fastest",
        avoid: frozenset[str] = frozenset(),
    ) -> Route: ...

    def region_of(self, point: LatLon) -> str: ...

    def pois(self, region: str) -> Iterable[Place]: ...


@dataclass(frozen=True)
class TripStop:
    """A stop on the trip; ``planned`` when the charging planner chose it."""

    place: Place
    kind: StopKind
    planned: bool = False
    charge: ChargeStop | None = None


@dataclass(frozen=True)
class TripSettings:
    """What the driver asked for; a plan is rebuilt from these after every edit."""

    origin: LatLon
    destination: Place
    stops: tuple[TripStop, ...] = ()  # the driver's stops, in order
    mode: RouteMode = "fastest"
    avoid: frozenset[str] = frozenset()
    soc: float = 80.0
    min_arrival_soc: float = 10.0
    plan_charging: bool = True
    excluded_chargers: frozenset[str] = frozenset()  # planned chargers the driver removed


@dataclass(frozen=True)
class TripPlan:
    """The route through all stops, the charging plan, and the trip's totals."""

    settings: TripSettings
    stops: tuple[TripStop, ...]  # all stops in driving order, charging stops included
    route: Route
    charging: ChargePlan | None
    distance_km: float
    drive_min: float
    charge_min: float
    duration_min: float  # drive + charging + stop overhead
    energy_kwh: float
    arrival_soc: float
    modelled: bool

    @property
    def destination(self) -> Place:
        """Where the trip ends."""
        return self.settings.destination


@dataclass(frozen=True)
class Remaining:
    """What is left of the trip from a position."""

    distance_km: float
    duration_min: float
    energy_kwh: float
    arrival_soc: float
    stops: tuple[TripStop, ...]


def stop_kind_for(place: Place) -> StopKind:
    """The stop kind a place gets when the caller names none."""
    if place.kind == "charging":
        return "charging"
    if place.kind in _FOOD_KINDS:
        return "restaurant"
    return "waypoint"


def _key(place: Place) -> str:
    return place.osm_id or f"{place.name}@{place.lat:.5f},{place.lon:.5f}"


class Navigation:
    """The active trip of one car, planned on ``atlas`` for ``car``."""

    def __init__(
        self, atlas: NavigationAtlas, car: CarModel = DEFAULT_CAR, outside_c: float | None = None
    ) -> None:
        self._atlas = atlas
        self._car = car
        self._outside_c = outside_c
        self._plan: TripPlan | None = None

    @property
    def active(self) -> bool:
        """Whether a trip is being navigated."""
        return self._plan is not None

    @property
    def plan(self) -> TripPlan:
        """The active trip plan."""
        return self._require("show the trip")

    @property
    def car(self) -> CarModel:
        """The car trips are planned for."""
        return self._car

    def restore(self, plan: TripPlan) -> None:
        """Make an earlier plan (e.g. the one before a tentative :meth:`start`) active again."""
        self._plan = plan

    def start(
        self,
        origin: LatLon,
        destination: Place,
        stops: Sequence[Place] = (),
        mode: str = "fastest",
        avoid: Iterable[str] = frozenset(),
        soc: float = 80.0,
        min_arrival_soc: float = 10.0,
        plan_charging: bool = True,
    ) -> TripPlan:
        """Plan a trip and make it the active one (replacing any trip before it).

        Charging stops are added as stops of kind "charging" when ``plan_charging``
        and the battery needs them.
        """
        settings = TripSettings(
            origin=origin,
            destination=destination,
            stops=tuple(TripStop(p, stop_kind_for(p)) for p in stops),
            mode=_check_mode(mode),
            avoid=_check_avoid(avoid),
            soc=soc,
            min_arrival_soc=min_arrival_soc,
            plan_charging=plan_charging,
        )
        return self._apply(settings)

    def add_stop(
        self, place: Place, kind: str | None = None, position: int | None = None
    ) -> TripPlan:
        """Add a stop; ``position`` counts the driver's stops (None: just before the end)."""
        settings = self._require("add a stop").settings
        stop = TripStop(place, _check_kind(kind) if kind else stop_kind_for(place))
        stops = list(settings.stops)
        if position is None:
            stops.append(stop)
        else:
            stops.insert(max(0, min(position, len(stops))), stop)
        return self._apply(replace(settings, stops=tuple(stops)))

    def remove_stop(self, stop: int | str) -> TripPlan:
        """Remove a stop by its index in :meth:`state`'s stop list or by (part of) its name.

        Removing a planned charging stop keeps the planner from choosing that charger again.
        """
        plan = self._require("remove a stop")
        target = self._find(plan, stop)
        settings = plan.settings
        if target.planned:
            settings = replace(
                settings, excluded_chargers=settings.excluded_chargers | {_key(target.place)}
            )
        else:
            kept = list(settings.stops)
            del kept[self._user_index_before(plan, target)]
            settings = replace(settings, stops=tuple(kept))
        return self._apply(settings)

    def replace_stop(self, old: int | str, new: Place, kind: str | None = None) -> TripPlan:
        """Put ``new`` where the stop ``old`` is (index or name), keeping the rest of the trip."""
        plan = self._require("replace a stop")
        target = self._find(plan, old)
        stop = TripStop(new, _check_kind(kind) if kind else stop_kind_for(new))
        settings = plan.settings
        if target.planned:
            # The driver's choice becomes a fixed stop at the planned charger's place in order.
            index = self._user_index_before(plan, target)
            stops = list(settings.stops)
            stops.insert(index, stop)
            settings = replace(
                settings,
                stops=tuple(stops),
                excluded_chargers=settings.excluded_chargers | {_key(target.place)},
            )
        else:
            stops = list(settings.stops)
            stops[self._user_index_before(plan, target)] = stop
            settings = replace(settings, stops=tuple(stops))
        return self._apply(settings)

    def set_destination(self, place: Place, keep: Callable[[TripStop], bool] | None = None,
                        origin: LatLon | None = None) -> TripPlan:
        """Change where the trip ends, keeping its settings and the driver's stops that
        ``keep`` accepts (all when None); ``origin`` re-plans from where the car is now."""
        settings = self._require("change the destination").settings
        stops = settings.stops if keep is None else tuple(s for s in settings.stops if keep(s))
        return self._apply(replace(settings, destination=place, stops=stops,
                                   origin=origin or settings.origin))

    def set_mode(self, mode: str) -> TripPlan:
        """Switch between the fastest, shortest and most economical route."""
        settings = self._require("change the route mode").settings
        return self._apply(replace(settings, mode=_check_mode(mode)))

    def set_avoid(self, avoid: Iterable[str]) -> TripPlan:
        """Avoid motorways and/or tolls (an empty set avoids nothing)."""
        settings = self._require("change what the route avoids").settings
        return self._apply(replace(settings, avoid=_check_avoid(avoid)))

    def set_soc(self, soc: float, min_arrival_soc: float | None = None) -> TripPlan:
        """Re-plan charging for a new battery level (and optionally a new arrival minimum)."""
        settings = self._require("update the battery level").settings
        minimum = settings.min_arrival_soc if min_arrival_soc is None else min_arrival_soc
        return self._apply(replace(settings, soc=soc, min_arrival_soc=minimum))

    def cancel(self) -> None:
        """End navigation."""
        self._require("cancel")
        self._plan = None

    def remaining(self, position: LatLon | None = None) -> Remaining:
        """Distance, time, energy and stops left from ``position`` (None: the start)."""
        plan = self._require("tell what is left")
        if position is None:
            return Remaining(
                plan.distance_km, plan.duration_min, plan.energy_kwh, plan.arrival_soc, plan.stops
            )
        line = RouteLine(plan.route)
        km = min(line.project(position).km_from_start, plan.distance_km)
        left_km = plan.distance_km - km
        drive_left = plan.route.duration_min - minutes_to_km(plan.route, km)
        charge_stops = plan.charging.stops if plan.charging else ()
        charge_left = sum(s.charge_min for s in charge_stops if s.km_from_start >= km)
        overhead = (plan.duration_min - plan.drive_min - plan.charge_min) * (
            sum(1 for s in charge_stops if s.km_from_start >= km) / max(len(charge_stops), 1)
        )
        energy = route_energy(self._car, plan.route, self._outside_c)
        stops_left = tuple(s for s in plan.stops if line.project(s.place.point).km_from_start >= km)
        return Remaining(
            distance_km=round(left_km, 2),
            duration_min=round(drive_left + charge_left + overhead, 1),
            energy_kwh=round(energy.energy_kwh - energy.kwh_to_km(km), 2),
            arrival_soc=plan.arrival_soc,
            stops=stops_left,
        )

    def eta(self, now: datetime, position: LatLon | None = None) -> datetime:
        """Arrival time at the destination when ``now`` the car is at ``position``."""
        return now + timedelta(minutes=self.remaining(position).duration_min)

    def state(self) -> dict[str, Any]:
        """The navigation state in DESIGN.md's shape (plus charging details)."""
        if self._plan is None:
            return {"active": False, "destination": None, "stops": [], "route": None}
        plan = self._plan
        dest = plan.destination
        charging = plan.charging
        return {
            "active": True,
            "destination": {"name": dest.name, "lat": dest.lat, "lon": dest.lon},
            "stops": [
                {
                    "name": s.place.name,
                    "kind": s.kind,
                    "lat": s.place.lat,
                    "lon": s.place.lon,
                    "planned": s.planned,
                }
                for s in plan.stops
            ],
            "route": {
                "distance_km": round(plan.distance_km, 1),
                "duration_min": round(plan.duration_min, 1),
                "energy_kwh": round(plan.energy_kwh, 1),
                "arrival_soc_percent": round(plan.arrival_soc, 1),
                "drive_min": round(plan.drive_min, 1),
                "charge_min": round(plan.charge_min, 1),
                "mode": plan.settings.mode,
                "avoid": sorted(plan.settings.avoid),
            },
            "charging": [
                {
                    "name": c.place.name,
                    "arrive_soc": c.arrive_soc,
                    "depart_soc": c.depart_soc,
                    "charge_min": c.charge_min,
                    "km_from_start": c.km_from_start,
                    "charger_kw": c.charger_kw,
                    "arrive_min": c.arrive_min,
                }
                for c in (charging.stops if charging else ())
            ],
            "modelled": plan.modelled,
        }

    # -- planning ---------------------------------------------------------------

    def _require(self, action: str) -> TripPlan:
        if self._plan is None:
            raise NoActiveRoute(action)
        return self._plan

    def resume(self, settings: TripSettings) -> TripPlan:
        """Plan ``settings`` again and make it the active trip: a trip kept elsewhere (a
        session store) comes back with the driver's stop kinds and removed chargers."""
        return self._apply(settings)

    def _apply(self, settings: TripSettings) -> TripPlan:
        plan = self._build(settings)
        self._plan = plan
        logger.info(
            "navigation to %s: %.1f km, %d stops",
            settings.destination.name,
            plan.distance_km,
            len(plan.stops),
        )
        return plan

    def _build(self, settings: TripSettings) -> TripPlan:
        """Route through the driver's stops, then plan and insert charging stops."""
        if not 0 < settings.soc <= 100:
            raise InvalidChargingRequest(
                f"The battery level must be above 0 and at most 100 %, not {settings.soc}"
            )
        user_points = [s.place for s in settings.stops] + [settings.destination]
        base = self._atlas.route([settings.origin, *user_points], settings.mode, settings.avoid)
        energy = route_energy(self._car, base, self._outside_c)
        if not settings.plan_charging:
            return self._finish(settings, settings.stops, base, None, energy)
        chargers = [
            p
            for p in self._atlas.pois(self._atlas.region_of(settings.origin))
            if p.kind == "charging" and _key(p) not in settings.excluded_chargers
        ]
        charge_plan = plan_charging(
            base,
            chargers,
            self._car,
            start_soc=settings.soc,
            min_arrival_soc=settings.min_arrival_soc,
            outside_c=self._outside_c,
            destination_name=settings.destination.name,
        )
        if not charge_plan.stops:
            return self._finish(settings, settings.stops, base, charge_plan, energy)
        stops = _merge_stops(base, settings.stops, charge_plan.stops)
        route = self._atlas.route(
            [settings.origin, *(s.place for s in stops), settings.destination],
            settings.mode,
            settings.avoid,
        )
        return self._finish(
            settings, stops, route, charge_plan, route_energy(self._car, route, self._outside_c)
        )

    def _finish(
        self,
        settings: TripSettings,
        stops: Sequence[TripStop],
        route: Route,
        charging: ChargePlan | None,
        energy: RouteEnergy,
    ) -> TripPlan:
        if charging is not None and charging.stops:
            charge_min = charging.charge_min
            overhead = charging.total_min - charging.drive_min - charging.charge_min
            arrival = charging.arrival_soc
        else:
            charge_min = overhead = 0.0
            arrival = settings.soc - energy.energy_kwh / self._car.battery_kwh * 100.0
        return TripPlan(
            settings=settings,
            stops=tuple(stops),
            route=route,
            charging=charging,
            distance_km=route.distance_km,
            drive_min=route.duration_min,
            charge_min=charge_min,
            duration_min=route.duration_min + charge_min + overhead,
            energy_kwh=energy.energy_kwh,
            arrival_soc=round(arrival, 1),
            modelled=True,
        )

    def _find(self, plan: TripPlan, stop: int | str) -> TripStop:
        names = [s.place.name for s in plan.stops]
        if isinstance(stop, int) and not isinstance(stop, bool):
            if 0 <= stop < len(plan.stops):
                return plan.stops[stop]
            raise StopNotFound(stop, names)
        wanted = str(stop).strip().lower()
        exact = [s for s in plan.stops if s.place.name.lower() == wanted]
        partial = [s for s in plan.stops if wanted and wanted in s.place.name.lower()]
        found = exact or partial
        if len(found) != 1:
            raise StopNotFound(stop, names, [s.place.name for s in found])
        return found[0]

    @staticmethod
    def _user_index_before(plan: TripPlan, target: TripStop) -> int:
        """How many of the driver's stops come before ``target`` in driving order."""
        index = plan.stops.index(target)
        return sum(1 for s in plan.stops[:index] if not s.planned)


def _merge_stops(
    route: Route, user: Sequence[TripStop], charges: Sequence[ChargeStop]
) -> list[TripStop]:
    """The driver's stops and planned charging stops in driving order along ``route``.

    A planned charge at a charger the driver already stops at is attached to that stop.
    """
    line = RouteLine(route)
    user_keys = {_key(s.place): i for i, s in enumerate(user)}
    stops = list(user)
    planned: list[tuple[float, TripStop]] = []
    for charge in charges:
        index = user_keys.get(_key(charge.place))
        if index is not None:
            stops[index] = replace(stops[index], charge=charge)
        else:
            stop = TripStop(charge.place, "charging", planned=True, charge=charge)
            planned.append((charge.km_from_start, stop))
    # The driver's stops keep their own order even where the route doubles back;
    # planned stops go in before the first driver's stop that lies further along.
    user_km = [line.project(s.place.point).km_from_start for s in stops]
    merged: list[TripStop] = []
    pending = sorted(planned, key=lambda p: p[0])
    for km, stop in zip(user_km, stops):
        while pending and pending[0][0] <= km:
            merged.append(pending.pop(0)[1])
        merged.append(stop)
    merged += [stop for _, stop in pending]
    return merged


def _check_mode(mode: str) -> RouteMode:
    if mode not in ROUTE_MODES:
        raise InvalidTripRequest(
            f"Route mode must be one of {', '.join(ROUTE_MODES)}, not {mode!r}"
        )
    return mode  # type: ignore[return-value]


def _check_avoid(avoid: Iterable[str]) -> frozenset[str]:
    if isinstance(avoid, str):
        avoid = [avoid]
    chosen = frozenset(a.strip().lower() for a in avoid)
    unknown = chosen - AVOIDABLE
    if unknown:
        raise InvalidTripRequest(
            f"Can only avoid {', '.join(sorted(AVOIDABLE))}, not {', '.join(sorted(unknown))}"
        )
    return chosen


def _check_kind(kind: str) -> StopKind:
    if kind not in STOP_KINDS:
        raise InvalidTripRequest(f"Stop kind must be one of {', '.join(STOP_KINDS)}, not {kind!r}")
    return kind  # type: ignore[return-value]
