"""Benchmark of the driving coach: a recorded 1-hour 10 Hz trip, and live CPU share.

1. Records a 1-hour trip at 10 Hz from the vehicle simulator (WLTC class 3b
   twice, with a planted harsh brake, a slow puncture and a fault code), cached
   as JSON lines under INCABIN_HOME/coach/, and times the coach analysing it.
2. Drives the simulator at real-time pace for 10 s with the coach attached and
   measures the CPU time spent inside ``Coach.feed`` (and by the whole process).

Run: python benchmarks/coach.py [--live-seconds 10]
Prints a markdown table. Timings are informative, never pass/fail.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from pathlib import Path

from incabin._config import home_dir
from incabin.coach import Coach, CoachConfig, CoachEvent, Sample, attach, plant_harsh_brake
from incabin.vehicle import SimConfig, SimSource, Vehicle, VehicleStore, load_cycle

TRACE_VERSION = 1


class Recorder:
    """A sample sink that keeps every sample."""

    def __init__(self) -> None:
        self.samples: list[Sample] = []

    def feed(self, sample: Sample) -> list[CoachEvent]:
        self.samples.append(sample)
        return []


def record_trip() -> list[Sample]:
    """One hour of WLTC 3b at 10 Hz from the simulator, with planted events."""
    cycle = load_cycle("wltc3b")
    points = [(t, v) for t, v in zip(cycle.times_s, cycle.speeds_kmh)]
    points += [(t + cycle.duration_s, v) for t, v in points[1:]]
    points, _ = plant_harsh_brake(points, 600)
    sim = SimSource(SimConfig())
    vehicle = Vehicle(VehicleStore(), sim)
    recorder = Recorder()
    with vehicle, attach(recorder, vehicle):
        sim.drive(points)
        for second in range(3600):
            if second == 300:
                sim.inject_tyre_leak("Row1.Right", 40.0)
            if second == 2000:
                vehicle.add_dtc("P0420")
            vehicle.advance(1.0)
    return recorder.samples


def load_trip() -> list[Sample]:
    """The recorded trip, from the cache or recorded now."""
    path = Path(home_dir()) / "coach" / f"trip_1h_10hz_v{TRACE_VERSION}.jsonl"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        samples = record_trip()
        tmp = path.with_suffix(".tmp")
        with tmp.open("w") as out:
            for s in samples:
                out.write(json.dumps({"t": s.t, "values": dict(s.values)}) + "\n")
        tmp.replace(path)
    with path.open() as lines:
        return [Sample(row["t"], row["values"]) for row in map(json.loads, lines)]


def analyse(samples: list[Sample]) -> tuple[float, Coach]:
    coach = Coach(CoachConfig(speed_limit_kmh=120, baseline_kwh_per_100km=15.0))
    start = time.perf_counter()
    coach.feed_all(samples)
    coach.finish()
    return time.perf_counter() - start, coach


class TimedCoach(Coach):
    """A coach that adds up the thread CPU time spent in ``feed``."""

    cpu_s = 0.0

    def feed(self, sample: Sample) -> list[CoachEvent]:
        t0 = time.thread_time()
        try:
            return super().feed(sample)
        finally:
            self.cpu_s += time.thread_time() - t0


def live(seconds: float) -> tuple[float, float, int]:
    """Coach CPU share and process CPU share while the sim runs in real time at 10 Hz."""
    sim = SimSource(SimConfig())
    vehicle = Vehicle(VehicleStore(), sim)
    coach = TimedCoach(CoachConfig(speed_limit_kmh=120))
    with vehicle, attach(coach, vehicle) as feed:
        sim.drive("wltc3b")
        vehicle.advance(300)  # get moving first
        cpu0 = coach.cpu_s
        process0 = time.process_time()
        wall0 = time.monotonic()
        samples0 = feed.samples
        ticks = round(seconds * 10)
        for k in range(1, ticks + 1):
            vehicle.advance(0.1)
            time.sleep(max(0.0, wall0 + k * 0.1 - time.monotonic()))
        wall = time.monotonic() - wall0
        coach_share = (coach.cpu_s - cpu0) / wall
        process_share = (time.process_time() - process0) / wall
        return coach_share, process_share, feed.samples - samples0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--live-seconds", type=float, default=10.0)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    samples = load_trip()
    load_s = time.perf_counter() - t0
    times = []
    coach = None
    for _ in range(args.runs):
        elapsed, coach = analyse(samples)
        times.append(elapsed)
    assert coach is not None
    best, median = min(times), statistics.median(times)
    coach_share, process_share, live_samples = live(args.live_seconds)
    events = len(coach.events)
    print(f"Machine: {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}, 2-core CPU shared with other jobs\n")
    print("| measure | value |")
    print("|---|---|")
    print(f"| recorded trip | {len(samples)} samples, 1 h at 10 Hz (loaded in {load_s:.2f} s) |")
    kinds = ", ".join(sorted(coach.summary().event_counts))
    print(f"| events detected in it | {events} ({kinds}) |")
    print(f"| 1-hour trip analysed in (best / median of {args.runs}) "
          f"| {best:.3f} s / {median:.3f} s (goal < 1 s) |")
    print(f"| samples per second | {len(samples) / best:,.0f} |")
    print(f"| coach CPU while driving in real time ({live_samples} samples in "
          f"{args.live_seconds:.0f} s) | {100 * coach_share:.2f} % of one core |")
    print(f"| simulator + coach CPU in real time | {100 * process_share:.2f} % of one core |")


if __name__ == "__main__":
    main()
