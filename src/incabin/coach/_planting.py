"""Speed traces for demos and tests: drive a route at its limits, plant harsh events.

Traces are 1 Hz lists of ``(time_s, speed_kmh)``, the form the vehicle
simulator follows (``SimSource.drive``); it interpolates linearly in between,
so a change of 18 km/h from one second to the next is 5 m/s² for that second.
"""

from __future__ import annotations

from collections.abc import Sequence

from incabin.coach._errors import CoachError
from incabin.travel._models import RouteSegment

Points = list[tuple[float, float]]

ROUTE_ACCEL_MS2 = 1.2
ROUTE_DECEL_MS2 = 1.5
BRAKE_MS2 = 5.0  # a planted harsh brake
BRAKE_DROP_KMH = 40.0
LAUNCH_MS2 = 3.6  # a planted harsh acceleration
LAUNCH_S = 3
RECOVER_MS2 = 1.5
SPEEDING_OVER_KMH = 15.0
SPEEDING_HOLD_S = 60


def route_speed_points(segments: Sequence[RouteSegment], max_s: int = 36_000) -> Points:
    """A 1 Hz trace driving ``segments`` at their limits from standstill to standstill.

    Accelerates at 1.2 m/s², brakes at 1.5 m/s² early enough to enter a slower
    segment at its limit and to stop at the end.
    """
    if not segments:
        raise CoachError("a route needs at least one segment")
    ends, total = [], 0.0
    for s in segments:
        total += s.distance_km * 1000
        ends.append(total)
    pos, v, t = 0.0, 0.0, 0
    points: Points = [(0.0, 0.0)]
    while pos < total - 1.0 and t < max_s:
        i = next((k for k, end in enumerate(ends) if pos < end), len(ends) - 1)
        target = segments[i].speed_limit_kmh / 3.6
        # Slow down in time for a lower limit ahead, and for the stop at the end (k == len).
        for k in range(i + 1, len(segments) + 1):
            gap = ends[k - 1] - pos
            if gap > v * v / (2 * ROUTE_DECEL_MS2) + v + 10:
                break  # beyond braking reach: cannot bind yet
            ahead = segments[k].speed_limit_kmh / 3.6 if k < len(segments) else 0.0
            reachable = (ahead * ahead + 2 * ROUTE_DECEL_MS2 * max(0.0, gap - v)) ** 0.5
            target = min(target, max(reachable, 0.5 if k == len(segments) else 0.0))
        step = ROUTE_ACCEL_MS2 if target >= v else -ROUTE_DECEL_MS2
        new_v = min(target, v + step) if step > 0 else max(target, v + step)
        pos += (v + new_v) / 2
        v = new_v
        t += 1
        points.append((float(t), round(v * 3.6, 3)))
    if v > 0:
        points.append((float(t + 1), 0.0))
    return points


def _speeds(points: Points) -> list[float]:
    """Resample to whole seconds."""
    times = [t for t, _ in points]
    if not times or times[0] != 0:
        raise CoachError("a trace must start at t=0")
    out, j = [], 0
    for s in range(int(times[-1]) + 1):
        while j + 1 < len(points) and points[j + 1][0] <= s:
            j += 1
        if j + 1 < len(points):
            (t0, v0), (t1, v1) = points[j], points[j + 1]
            out.append(v0 + (v1 - v0) * (s - t0) / (t1 - t0))
        else:
            out.append(points[-1][1])
    return out


def _first_at_or_after(speeds: list[float], at: int, ok: object) -> int:
    for s in range(max(0, at), len(speeds)):
        if ok(speeds[s]):  # type: ignore[operator]
            return s
    raise CoachError(f"no suitable moment at or after {at} s in this trace to plant the event")


def plant_harsh_brake(points: Points, at_s: float) -> tuple[Points, int]:
    """Brake at 5 m/s² by 40 km/h (or to a stop) at the first moment ≥ ``at_s`` above 30 km/h.

    Returns the new trace and the second the brake begins.
    """
    speeds = _speeds(points)
    start = _first_at_or_after(speeds, round(at_s), lambda v: v >= 30.0)
    v = speeds[start]
    floor = max(0.0, v - BRAKE_DROP_KMH)
    s = start
    while v > floor and s + 1 < len(speeds):
        v = max(floor, v - BRAKE_MS2 * 3.6)
        s += 1
        speeds[s] = min(speeds[s], v)
    while s + 1 < len(speeds) and speeds[s + 1] > v:
        v += RECOVER_MS2 * 3.6
        s += 1
        speeds[s] = min(speeds[s], v)
    return _points(speeds), start


def plant_harsh_acceleration(points: Points, at_s: float) -> tuple[Points, int]:
    """Accelerate at 3.6 m/s² for 3 s at the first moment ≥ ``at_s`` below 60 km/h; ease back."""
    speeds = _speeds(points)
    start = _first_at_or_after(speeds, round(at_s), lambda v: 5.0 <= v < 60.0)
    v, s = speeds[start], start
    for _ in range(LAUNCH_S):
        if s + 1 >= len(speeds):
            break
        v += LAUNCH_MS2 * 3.6
        s += 1
        speeds[s] = max(speeds[s], v)
    while s + 1 < len(speeds) and speeds[s + 1] < v:
        v -= 1.0 * 3.6
        s += 1
        speeds[s] = max(speeds[s], v)
    return _points(speeds), start


def plant_speeding(points: Points, at_s: float, limit_kmh: float) -> tuple[Points, int]:
    """Drive 15 km/h over ``limit_kmh`` for a minute from ``at_s`` (ramping at 1.5 m/s²)."""
    speeds = _speeds(points)
    start = _first_at_or_after(speeds, round(at_s), lambda v: v > 10.0)
    target = limit_kmh + SPEEDING_OVER_KMH
    step = RECOVER_MS2 * 3.6
    v, s = speeds[start], start
    while s + 1 < len(speeds) and (v < target or s < start + SPEEDING_HOLD_S):
        v = min(target, v + step)
        s += 1
        speeds[s] = max(speeds[s], v)
    while s + 1 < len(speeds) and speeds[s + 1] < v:
        v -= step
        s += 1
        speeds[s] = max(speeds[s], v)
    return _points(speeds), start


def _points(speeds: list[float]) -> Points:
    return [(float(t), round(max(0.0, v), 3)) for t, v in enumerate(speeds)]
