"""Charging-stop planning for a route: where to stop, how long, and to what SoC.

The reference is A Better Route Planner (ABRP): the driver sets a minimum arrival
state of charge (at chargers and at the destination), the car has a usable
battery and a DC charging curve that tapers with SoC, each charger has a power.
:func:`plan_charging` picks the stops that minimise the total trip time (driving,
detours, a fixed overhead per stop, and charging) by dynamic programming over the
chargers along the route and the SoC to charge to at each, on a 0.5 % SoC grid.
"""

from __future__ import annotations

import functools
import logging
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from incabin.travel._errors import InvalidTravelRequest, TravelError
from incabin.travel._models import Place, Route
from incabin.travel.along_route import ACCESS_SPEED_KMH, RouteLine, minutes_to_km
from incabin.travel.energy import (
    DEFAULT_CAR,
    CarModel,
    RouteEnergy,
    route_energy,
    steady_energy_kwh,
)

logger = logging.getLogger(__name__)

SOC_STEP = 0.5  # percent: the planner's SoC grid
DEFAULT_CHARGER_KW = 50.0  # assumed when a charger has no power tag (labelled modelled)
STOP_OVERHEAD_MIN = 5.0  # leaving the road, parking, plugging in, paying


class InvalidChargingRequest(InvalidTravelRequest, ValueError):
    """A state of charge or limit outside what a battery can have (e.g. -5 %, 120 %)."""


class NoChargingPlan(TravelError):
    """No sequence of charging stops reaches the destination; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(f"No charging plan: {reason}")
        self.reason = reason


@dataclass(frozen=True)
class ChargerSite:
    """A charger placed along a route."""

    place: Place
    km_from_start: float  # where the route passes it
    detour_km: float  # off the route and back
    detour_min: float
    power_kw: float
    modelled: bool  # True when the site, its position or its power is modelled


@dataclass(frozen=True)
class ChargeStop:
    """One planned charging stop."""

    place: Place
    arrive_soc: float
    depart_soc: float
    charge_min: float
    km_from_start: float
    charger_kw: float
    detour_min: float
    arrive_min: float = 0.0  # minutes after departure that the car gets there


@dataclass(frozen=True)
class ChargePlan:
    """Charging stops for a route and the trip they give."""

    stops: tuple[ChargeStop, ...]
    arrival_soc: float  # at the destination
    drive_min: float  # route time plus charger detours
    charge_min: float  # plugged in
    total_min: float  # drive + charge + per-stop overhead
    energy_kwh: float  # battery energy used, detours included
    modelled: bool  # the energy model and any modelled chargers make this an estimate


def charger_power_kw(place: Place) -> float | None:
    """A charger's maximum power from its OSM tags (``socket:*:output``, ``maxpower``...)."""
    powers = []
    for key, value in place.tags.items():
        if not (key.endswith("output") or key in ("maxpower", "charging:power", "power")):
            continue
        for number, unit in re.findall(r"(\d+(?:\.\d+)?)\s*(kw|w)?", value.lower()):
            kw = float(number) / 1000.0 if unit == "w" else float(number)
            if 1.0 <= kw <= 1000.0:
                powers.append(kw)
    return max(powers) if powers else None


def chargers_along(
    route: Route, chargers: Iterable[Place], max_detour_min: float = 10.0
) -> list[ChargerSite]:
    """The chargers within ``max_detour_min`` of the route, ordered along it."""
    places = list(chargers)
    sites = []
    for place, where in zip(places, RouteLine(route).project_many([p.point for p in places])):
        if where.detour_min > max_detour_min:
            continue
        power = charger_power_kw(place)
        sites.append(
            ChargerSite(
                place=place,
                km_from_start=where.km_from_start,
                detour_km=where.detour_km,
                detour_min=where.detour_min,
                power_kw=power or DEFAULT_CHARGER_KW,
                modelled=place.modelled or power is None or route.modelled,
            )
        )
    return sorted(sites, key=lambda s: s.km_from_start)


def _check_soc(name: str, value: float, low: float, high: float) -> None:
    if not (isinstance(value, int | float) and math.isfinite(value) and low <= value <= high):
        raise InvalidChargingRequest(f"{name} must be between {low:g} and {high:g} %, not {value}")


@dataclass(frozen=True)
class _Node:
    name: str
    km: float
    kwh: float  # battery energy from the start to here along the route
    minutes: float  # route driving time from the start to here
    half_detour_kwh: float
    half_detour_min: float
    site: ChargerSite | None


def plan_charging(
    route: Route,
    chargers: Iterable[Place | ChargerSite],
    car: CarModel = DEFAULT_CAR,
    start_soc: float = 80.0,
    min_arrival_soc: float = 10.0,
    max_charge_soc: float = 100.0,
    charger_kw: float | None = None,
    outside_c: float | None = None,
    max_detour_min: float = 10.0,
    stop_overhead_min: float = STOP_OVERHEAD_MIN,
    destination_name: str = "the destination",
) -> ChargePlan:
    """Plan the charging stops that get ``car`` along ``route`` fastest.

    ``start_soc`` is the SoC at departure; every charger and the destination must
    be reached with at least ``min_arrival_soc``; stops charge to at most
    ``max_charge_soc``. ``charger_kw`` caps every charger's power (e.g. the
    driver's preferred network); chargers given as places are kept when within
    ``max_detour_min``. Raises :class:`InvalidChargingRequest` for impossible
    settings and :class:`NoChargingPlan` (with the reason) when no plan exists.
    """
    _check_soc("The starting charge", start_soc, 0.0, 100.0)
    if start_soc <= 0:
        raise InvalidChargingRequest("The starting charge must be above 0 %")
    _check_soc("The minimum arrival charge", min_arrival_soc, 0.0, 99.0)
    _check_soc("The maximum charge", max_charge_soc, 1.0, 100.0)
    if max_charge_soc <= min_arrival_soc:
        raise InvalidChargingRequest(
            f"The maximum charge ({max_charge_soc:g} %) must be above the minimum arrival "
            f"charge ({min_arrival_soc:g} %)"
        )
    if charger_kw is not None and not (math.isfinite(charger_kw) and charger_kw > 0):
        raise InvalidChargingRequest(f"Charger power must be above 0 kW, not {charger_kw}")

    given = list(chargers)
    places = [c for c in given if isinstance(c, Place)]
    sites = [c for c in given if isinstance(c, ChargerSite)]
    sites = sorted(
        sites + chargers_along(route, places, max_detour_min), key=lambda s: s.km_from_start
    )
    energy = route_energy(car, route, outside_c=outside_c)
    nodes = _nodes(route, sites, energy, car, destination_name)
    plan = _solve(
        nodes, car, start_soc, min_arrival_soc, max_charge_soc, charger_kw, stop_overhead_min
    )
    if plan is None:
        raise NoChargingPlan(
            _why_infeasible(
                nodes, car, start_soc, min_arrival_soc, max_charge_soc, energy.wh_per_km
            )
        )
    return plan


def _nodes(
    route: Route,
    sites: Sequence[ChargerSite],
    energy: RouteEnergy,
    car: CarModel,
    destination_name: str,
) -> list[_Node]:
    def node(name: str, km: float, site: ChargerSite | None) -> _Node:
        detour_kwh = (
            steady_energy_kwh(car, site.detour_km, ACCESS_SPEED_KMH, hvac_kw=energy.hvac_kw)
            if site
            else 0.0
        )
        return _Node(
            name=name,
            km=km,
            kwh=energy.kwh_to_km(km),
            minutes=minutes_to_km(route, km),
            half_detour_kwh=detour_kwh / 2,
            half_detour_min=site.detour_min / 2 if site else 0.0,
            site=site,
        )

    return (
        [node("the start", 0.0, None)]
        + [node(s.place.name, s.km_from_start, s) for s in sites]
        + [node(destination_name, route.distance_km, None)]
    )


def _solve(
    nodes: list[_Node],
    car: CarModel,
    start_soc: float,
    min_arrival_soc: float,
    max_charge_soc: float,
    charger_kw: float | None,
    overhead_min: float,
) -> ChargePlan | None:
    socs = np.arange(0.0, 100.0 + SOC_STEP / 2, SOC_STEP)
    bins = len(socs)
    max_bin = math.floor(max_charge_soc / SOC_STEP + 1e-9)
    n = len(nodes)
    arrive = np.full((n, bins), np.inf)
    # (back_node, back_bin)[j, b]: the node and departure bin that reached bin b of node j
    back_node = np.full((n, bins), -1)
    back_bin = np.full((n, bins), -1)
    # depart_from[i][d] = the arrival bin that was charged up to d
    depart_from: list[np.ndarray] = []
    arrive[0, math.floor(start_soc / SOC_STEP + 1e-9)] = 0.0

    for i in range(n - 1):
        depart, origin = _depart_times(
            nodes[i], arrive[i], socs, max_bin, car, charger_kw, overhead_min
        )
        depart_from.append(origin)
        for j in range(i + 1, n):
            used = nodes[j].kwh - nodes[i].kwh + nodes[i].half_detour_kwh + nodes[j].half_detour_kwh
            drop = used / car.battery_kwh * 100.0
            if drop > 100.0:
                continue
            minutes = (
                nodes[j].minutes
                - nodes[i].minutes
                + nodes[i].half_detour_min
                + nodes[j].half_detour_min
            )
            arrival_soc = socs - drop
            ok = np.isfinite(depart) & (arrival_soc >= min_arrival_soc - 1e-9)
            if not ok.any():
                continue
            d_bins = np.flatnonzero(ok)
            # A constant drop maps distinct departure bins to distinct arrival bins.
            a_bins = np.floor(arrival_soc[ok] / SOC_STEP + 1e-9).astype(int)
            times = depart[ok] + minutes
            better = times < arrive[j, a_bins] - 1e-9
            arrive[j, a_bins[better]] = times[better]
            back_node[j, a_bins[better]] = i
            back_bin[j, a_bins[better]] = d_bins[better]
    if not np.isfinite(arrive[-1]).any():
        return None
    return _rebuild(
        nodes,
        (back_node, back_bin),
        depart_from,
        arrive[-1],
        socs,
        car,
        start_soc,
        charger_kw,
        overhead_min,
    )


@functools.lru_cache(maxsize=64)
def _cumulative_charge_minutes(car: CarModel, power_kw: float) -> np.ndarray:
    """Minutes to charge from 0 % to each SoC of the planner's grid."""
    socs = np.arange(0.0, 100.0 + SOC_STEP / 2, SOC_STEP)
    mids = (socs[:-1] + socs[1:]) / 2
    curve_soc, curve_kw = zip(*car.charge_curve)
    kw = np.minimum(np.interp(mids, curve_soc, curve_kw), min(power_kw, car.max_charge_kw))
    minutes = car.battery_kwh * SOC_STEP / 100.0 / kw * 60.0
    return np.concatenate(([0.0], np.cumsum(minutes)))


def _depart_times(
    node: _Node,
    arrive: np.ndarray,
    socs: np.ndarray,
    max_bin: int,
    car: CarModel,
    charger_kw: float | None,
    overhead_min: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Best time to leave ``node`` with each SoC, and the arrival bin each came from."""
    depart = arrive.copy()
    origin = np.arange(len(socs))
    if node.site is None:
        return depart, origin
    power = node.site.power_kw if charger_kw is None else min(charger_kw, node.site.power_kw)
    cumulative = _cumulative_charge_minutes(car, power)
    best, best_bin = np.inf, -1
    for d in range(len(socs)):
        if d > 0 and arrive[d - 1] - cumulative[d - 1] < best:
            best, best_bin = arrive[d - 1] - cumulative[d - 1], d - 1
        if d <= max_bin and best_bin >= 0:
            charged = best + cumulative[d] + overhead_min
            if charged < depart[d]:
                depart[d], origin[d] = charged, best_bin
    return depart, origin


def _rebuild(
    nodes: list[_Node],
    back: tuple[np.ndarray, np.ndarray],
    depart_from: list[np.ndarray],
    final: np.ndarray,
    socs: np.ndarray,
    car: CarModel,
    start_soc: float,
    charger_kw: float | None,
    overhead_min: float,
) -> ChargePlan:
    """Walk the back-pointers, then recompute SoCs and times without the grid's rounding."""
    j, a_bin = len(nodes) - 1, int(np.nanargmin(final))
    legs: list[tuple[int, float]] = []  # (node index, SoC it departs with)
    while j != 0:
        i, d_bin = int(back[0][j, a_bin]), int(back[1][j, a_bin])
        legs.append((i, float(socs[d_bin])))
        j, a_bin = i, int(depart_from[i][d_bin])
    legs.reverse()

    soc = start_soc
    stops: list[ChargeStop] = []
    drive = charge = used = 0.0
    previous = nodes[0]
    for index, target in legs[1:] + [(len(nodes) - 1, None)]:
        node = nodes[index]
        leg_kwh = node.kwh - previous.kwh + previous.half_detour_kwh + node.half_detour_kwh
        used += leg_kwh
        drive += node.minutes - previous.minutes + previous.half_detour_min + node.half_detour_min
        soc -= leg_kwh / car.battery_kwh * 100.0
        if target is not None and node.site is not None:
            depart = max(soc, target)
            power = (
                node.site.power_kw if charger_kw is None else min(charger_kw, node.site.power_kw)
            )
            minutes = car.charge_minutes(soc, depart, power)
            stops.append(
                ChargeStop(
                    node.site.place,
                    round(soc, 1),
                    round(depart, 1),
                    round(minutes, 1),
                    round(node.km, 1),
                    power,
                    round(node.site.detour_min, 1),
                    round(drive + charge + overhead_min * len(stops), 1),
                )
            )
            charge += minutes
            soc = depart
        previous = node
    total = drive + charge + overhead_min * len(stops)
    logger.debug("charging plan: %d stops, %.0f min", len(stops), total)
    return ChargePlan(
        stops=tuple(stops),
        arrival_soc=round(soc, 1),
        drive_min=round(drive, 1),
        charge_min=round(charge, 1),
        total_min=round(total, 1),
        energy_kwh=round(used, 2),
        modelled=True,
    )


def _why_infeasible(
    nodes: list[_Node],
    car: CarModel,
    start_soc: float,
    min_arrival_soc: float,
    max_charge_soc: float,
    wh_per_km: float,
) -> str:
    """Explain the first stretch of the route that cannot be driven."""
    km_per_percent = car.battery_kwh * 10.0 / wh_per_km if wh_per_km > 0 else 0.0
    full_range = (max_charge_soc - min_arrival_soc) * km_per_percent
    start_range = max(0.0, start_soc - min_arrival_soc) * km_per_percent
    if start_soc <= min_arrival_soc:
        return (
            f"the car starts with {start_soc:g} %, not above your {min_arrival_soc:g} % "
            f"minimum arrival charge"
        )
    reach_km = start_range
    reached = nodes[0]
    for node in nodes[1:]:
        if node.km > reach_km:
            if reached is nodes[0]:
                return (
                    f"with {start_soc:g} % you can drive about {start_range:.0f} km and keep "
                    f"{min_arrival_soc:g} %, but {node.name} is {node.km:.0f} km away"
                )
            return (
                f"the gap between {reached.name} and {node.name} is "
                f"{node.km - reached.km:.0f} km, more than the {full_range:.0f} km range "
                f"from {max_charge_soc:g} % down to {min_arrival_soc:g} %"
            )
        if node.site is not None:
            reached = node
            reach_km = max(reach_km, node.km + full_range)
    return "the chargers along the route are too far off the route to be reached"
