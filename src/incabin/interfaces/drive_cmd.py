"""``incabin drive``: the simulator along a drive cycle or a route, with the coach listening.

Prints each alert as it would be spoken, stamped with the trip time, then the
trip summary. ``--inject`` plants events: ``harsh-brake@120``, ``harsh-accel@300``,
``speeding@600``, ``tyre-leak@60`` (or ``tyre-leak:Row2.Right@60``), ``low-12v@200``,
``battery-hot@400``, ``dtc:P0420@90``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise

from incabin._errors import IncabinError
from incabin.coach import (
    Alert,
    Coach,
    CoachConfig,
    CoachEvent,
    RouteStop,
    TripContext,
    attach,
    plant_harsh_acceleration,
    plant_harsh_brake,
    plant_speeding,
    route_speed_points,
)
from incabin.travel._models import RouteSegment
from incabin.vehicle import CYCLES, SimConfig, SimSource, Vehicle, VehicleStore, load_cycle

Trace = list[tuple[float, float]]  # (time_s, speed_kmh)
TRACE_KINDS = ("harsh-brake", "harsh-accel", "speeding")
FAULT_KINDS = ("tyre-leak", "low-12v", "battery-hot", "dtc")
TYRE_LEAK_KPA_H = 60.0  # a slow puncture that shows within one cycle


class UsageError(ValueError):
    """A command-line value that cannot be used."""


@dataclass(frozen=True)
class Injection:
    """One planted event: what, when (trip seconds), and an argument (wheel, DTC code)."""

    kind: str
    at_s: float
    argument: str = ""


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register ``incabin drive``."""
    parser = sub.add_parser(
        "drive", help="drive the simulator with the coach; print its alerts and a trip summary"
    )
    parser.add_argument("--cycle", default="udds", choices=CYCLES, help="drive cycle (udds)")
    parser.add_argument("--repeat", type=int, default=1, help="drive the cycle N times")
    parser.add_argument("--route", metavar="LIMIT:KM,...",
                        help="drive a route of segments at their limits, e.g. 50:3,80:10,120:40")
    parser.add_argument("--stop", action="append", default=[], metavar="NAME@KM[:KIND]",
                        help="a planned stop on the route (kind: rest, charging, ...)")
    parser.add_argument("--realtime", action="store_true", help="run at wall-clock pace")
    parser.add_argument("--lang", choices=("en", "zh"), default="en")
    parser.add_argument("--inject", action="append", default=[], metavar="KIND@SECONDS",
                        help="plant an event (repeatable), e.g. harsh-brake@120")
    parser.add_argument("--speed-limit", type=float, metavar="KMH",
                        help="speed limit where no route gives one")
    parser.add_argument("--start", default="08:00", metavar="HH:MM", help="clock time at start")
    parser.add_argument("--soc", type=float, default=80.0, help="state of charge at start (%%)")
    parser.add_argument("--min-arrival-soc", type=float, default=10.0, metavar="PERCENT")
    parser.add_argument("--baseline", type=float, metavar="KWH_PER_100KM",
                        help="the driver's usual consumption")
    parser.add_argument("--events", action="store_true", help="also print every detection")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run ``incabin drive``; exit 2 on unusable arguments."""
    try:
        return _drive(args)
    except (UsageError, IncabinError) as err:
        print(f"incabin drive: {err}", file=sys.stderr)
        return 2


def parse_injection(text: str) -> Injection:
    """``KIND[:ARG]@SECONDS`` into an ``Injection``."""
    head, sep, when = text.rpartition("@")
    kind, _, argument = head.partition(":")
    try:
        at_s = float(when)
    except ValueError:
        at_s = -1.0
    if not sep or at_s < 0 or kind not in TRACE_KINDS + FAULT_KINDS:
        kinds = ", ".join(TRACE_KINDS + FAULT_KINDS)
        raise UsageError(f"--inject {text!r}: expected KIND@SECONDS with KIND one of {kinds}")
    if kind == "dtc" and not argument:
        raise UsageError("--inject dtc needs a code, e.g. dtc:P0420@90")
    return Injection(kind, at_s, argument)


def parse_route(text: str) -> list[RouteSegment]:
    """``LIMIT:KM,LIMIT:KM,...`` into route segments."""
    segments = []
    for part in text.split(","):
        try:
            limit, km = (float(x) for x in part.split(":"))
        except ValueError as err:
            raise UsageError(f"--route part {part!r}: expected LIMIT_KMH:KM") from err
        if not (5 <= limit <= 200 and 0 < km <= 2000):
            raise UsageError(f"--route part {part!r}: limit 5-200 km/h, length 0-2000 km")
        segments.append(RouteSegment(km, km / limit * 60, limit))
    return segments


def parse_stop(text: str) -> RouteStop:
    """``NAME@KM[:KIND]`` into a route stop."""
    name, _, rest = text.rpartition("@")
    km_text, _, kind = rest.partition(":")
    try:
        km = float(km_text)
    except ValueError as err:
        raise UsageError(f"--stop {text!r}: expected NAME@KM[:KIND]") from err
    if not name or km < 0:
        raise UsageError(f"--stop {text!r}: expected NAME@KM[:KIND]")
    return RouteStop(name, kind or "rest", km)


def parse_start(text: str) -> datetime:
    """``HH:MM`` into the trip's start on the simulator's day."""
    try:
        moment = datetime.strptime(text, "%H:%M")
    except ValueError as err:
        raise UsageError(f"--start {text!r}: expected HH:MM") from err
    return datetime(2026, 3, 14, moment.hour, moment.minute, tzinfo=UTC)


def clock(seconds: float) -> str:
    """Trip time as h:mm:ss."""
    h, rest = divmod(int(seconds), 3600)
    return f"{h}:{rest // 60:02d}:{rest % 60:02d}"


def _cycle_points(name: str, repeat: int) -> Trace:
    cycle = load_cycle(name)
    points: Trace = []
    offset = 0.0
    for _ in range(repeat):
        for t, v in zip(cycle.times_s, cycle.speeds_kmh):
            if points and t == 0:
                continue  # the previous lap ended at standstill at this instant
            points.append((offset + t, v))
        offset += cycle.duration_s
    return points


def _limit_at(points: Trace, segments: list[RouteSegment], at_s: float) -> float | None:
    km, end_km = 0.0, 0.0
    for (t0, v0), (t1, v1) in pairwise(points):
        if t0 >= at_s:
            break
        km += (v0 + v1) / 2 * (t1 - t0) / 3600
    for s in segments:
        end_km += s.distance_km
        if km < end_km:
            return s.speed_limit_kmh
    return None


def _plant(points: Trace, injections: list[Injection], segments: list[RouteSegment],
           speed_limit: float | None) -> Trace:
    for inj in sorted(injections, key=lambda i: i.at_s):
        if inj.kind == "harsh-brake":
            points, at = plant_harsh_brake(points, inj.at_s)
        elif inj.kind == "harsh-accel":
            points, at = plant_harsh_acceleration(points, inj.at_s)
        elif inj.kind == "speeding":
            limit = _limit_at(points, segments, inj.at_s) if segments else speed_limit
            if limit is None:
                raise UsageError("speeding@T needs --speed-limit or a --route with limits")
            points, at = plant_speeding(points, inj.at_s, limit)
        else:
            continue
        print(f"[{clock(at)}] (planted {inj.kind})")
    return points


def _fault(vehicle: Vehicle, sim: SimSource, inj: Injection) -> None:
    if inj.kind == "tyre-leak":
        sim.inject_tyre_leak(inj.argument or "Row1.Left", TYRE_LEAK_KPA_H)
    elif inj.kind == "low-12v":
        sim.inject_low_12v()
    elif inj.kind == "battery-hot":
        sim.inject_battery_overheat()
    elif inj.kind == "dtc":
        vehicle.add_dtc(inj.argument)


def _printer(lang: str, events: bool) -> Callable[[Alert | CoachEvent], None]:
    def show(item: Alert | CoachEvent) -> None:
        if isinstance(item, Alert):
            print(f"[{clock(item.t)}] {item.text}", flush=True)
        elif events:
            print(f"[{clock(item.t)}]   · {item.kind.value} {item.subject}".rstrip(), flush=True)

    return show


def _drive(args: argparse.Namespace) -> int:
    if args.repeat < 1:
        raise UsageError("--repeat must be at least 1")
    injections = [parse_injection(text) for text in args.inject]
    segments = parse_route(args.route) if args.route else []
    stops = [parse_stop(text) for text in args.stop]
    if stops and not segments:
        raise UsageError("--stop needs a --route")
    start = parse_start(args.start)
    points = route_speed_points(segments) if segments else _cycle_points(args.cycle, args.repeat)
    points = _plant(points, injections, segments, args.speed_limit)

    sim = SimSource(SimConfig(start_time=start, soc_percent=args.soc))
    vehicle = Vehicle(VehicleStore(), sim)
    config = CoachConfig(
        speed_limit_kmh=args.speed_limit, start_time=start, car=sim.config.car,
        baseline_kwh_per_100km=args.baseline, min_arrival_soc=args.min_arrival_soc,
        lang=args.lang,
    )
    context = TripContext.from_route(segments, stops, sim.config.car) if segments else None
    coach = Coach(config, context)
    coach.subscribe(_printer(args.lang, args.events))
    faults = sorted((i for i in injections if i.kind in FAULT_KINDS), key=lambda i: i.at_s)
    cycle = sim.drive(points)
    with vehicle, attach(coach, vehicle):
        wall0 = time.monotonic()
        t = 0.0
        while t < cycle.duration_s:
            while faults and faults[0].at_s <= t:
                _fault(vehicle, sim, faults.pop(0))
            vehicle.advance(1.0)
            t += 1.0
            if args.realtime:
                time.sleep(max(0.0, wall0 + t - time.monotonic()))
    print()
    print(coach.finish().text(args.lang))
    return 0
