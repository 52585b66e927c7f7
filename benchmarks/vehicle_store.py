"""Vehicle layer throughput: store updates with subscribers, the simulator, actuate.

    python benchmarks/vehicle_store.py [--updates 200000]

Prints a markdown table. Timings depend on the machine; they are not tests.
"""

from __future__ import annotations

import argparse
import platform
import time

from incabin.vehicle import Reading, SimSource, Vehicle, VehicleStore

SPEED = "Vehicle.Speed"
TEMP = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"


def store_updates(n: int, subscribers: int) -> float:
    """``set`` calls per second on one path watched by ``subscribers`` callbacks."""
    store = VehicleStore()
    seen = [0]

    def on_reading(reading: Reading) -> None:
        seen[0] += 1

    for _ in range(subscribers):
        store.subscribe([SPEED], on_reading)
    values = [float(i % 200) for i in range(n)]
    started = time.perf_counter()
    for value in values:
        store.set(SPEED, value)
    elapsed = time.perf_counter() - started
    assert seen[0] == n * subscribers
    return n / elapsed


def sim_hour() -> float:
    """Wall seconds to simulate one hour of driving at 10 Hz."""
    with Vehicle(VehicleStore(), SimSource()) as car:
        car.set(SPEED, 90.0)
        started = time.perf_counter()
        car.advance(3600)
        return time.perf_counter() - started


def actuations(n: int) -> float:
    """``actuate`` calls per second (rules, validation, source write)."""
    with Vehicle(VehicleStore(), SimSource()) as car:
        started = time.perf_counter()
        for i in range(n):
            car.actuate(TEMP, 18 + i % 8)
        return n / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--updates", type=int, default=200_000)
    args = parser.parse_args()
    rows = [
        ("store.set, 0 subscribers", f"{store_updates(args.updates, 0):,.0f} updates/s"),
        ("store.set, 1 subscriber", f"{store_updates(args.updates, 1):,.0f} updates/s"),
        ("store.set, 10 subscribers", f"{store_updates(args.updates, 10):,.0f} updates/s"),
        ("simulate 1 h at 10 Hz", f"{sim_hour():.2f} s wall"),
        ("actuate (rules + write)", f"{actuations(20_000):,.0f} calls/s"),
    ]
    print(
        f"Machine: {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}\n"
    )
    print("| measurement | result |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
