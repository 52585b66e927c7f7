"""How fast the OBD-II and Kuksa vehicle sources connect and move values.

    python benchmarks/vehicle_sources.py

OBD-II runs against ELM327-emulator over TCP (a real dongle over Bluetooth or
serial is slower per query); Kuksa runs against scripts/kuksa_broker.py on
127.0.0.1. Prints a markdown table.
"""

from __future__ import annotations

import importlib.util
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from incabin.vehicle import Reading, VehicleStore
from incabin.vehicle.kuksa_source import KuksaSource
from incabin.vehicle.obd_source import ObdSource

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _load_broker_module() -> Any:
    spec = importlib.util.spec_from_file_location("kuksa_broker", SCRIPTS / "kuksa_broker.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


def bench_obd(rows: list[tuple[str, str]]) -> None:
    port = _free_port()
    emulator = subprocess.Popen(
        [sys.executable, str(SCRIPTS / "obd_emulator.py"), "--port", str(port), "--dtc", "P0143"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert emulator.stdout is not None and emulator.stdout.readline().startswith("ready")
        url = f"socket://127.0.0.1:{port}"
        for protocol, label in ((None, "auto-detect"), ("6", "protocol 6 given")):
            store = VehicleStore()
            source = ObdSource(url, protocol=protocol, interval=3600)
            started = time.perf_counter()
            source.start(store)
            rows.append(
                (f"OBD connect + first read ({label})", f"{time.perf_counter() - started:.2f} s")
            )
            if protocol is None:
                cycles = 20
                started = time.perf_counter()
                stored = sum(source.poll() for _ in range(cycles))
                elapsed = time.perf_counter() - started
                rows.append(
                    (
                        f"OBD poll cycle ({len(source.paths)} signals)",
                        f"{1000 * elapsed / cycles:.1f} ms ({stored / elapsed:.0f} values/s)",
                    )
                )
            source.stop()
    finally:
        emulator.send_signal(signal.SIGTERM)
        emulator.wait(10)


def bench_kuksa(rows: list[tuple[str, str]]) -> None:
    broker_module = _load_broker_module()
    broker = broker_module.Broker()
    broker.publish(broker_module.DEMO_VALUES)
    port = broker.start()
    store = VehicleStore()
    source = KuksaSource("127.0.0.1", port)
    started = time.perf_counter()
    source.start(store)
    rows.append(
        (
            f"Kuksa connect + snapshot ({len(source.paths)} signals)",
            f"{1000 * (time.perf_counter() - started):.0f} ms",
        )
    )
    arrived = threading.Event()
    latencies: list[float] = []
    sent = [0.0]

    def on_speed(reading: Reading) -> None:
        latencies.append(time.perf_counter() - sent[0])
        arrived.set()

    with store.subscribe(["Vehicle.Speed"], on_speed):
        deadline = time.monotonic() + 10
        while not source.connected and time.monotonic() < deadline:
            time.sleep(0.01)
        latencies.clear()
        for i in range(200):
            arrived.clear()
            sent[0] = time.perf_counter()
            broker.publish({"Vehicle.Speed": float(i % 150)})
            arrived.wait(2)
    median = 1000 * statistics.median(latencies)
    p95 = 1000 * statistics.quantiles(latencies, n=20)[-1]
    rows.append(("Kuksa provider publish -> store (median, p95)", f"{median:.2f} ms, {p95:.2f} ms"))

    path = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
    round_trips = []
    for i in range(50):
        target = 18.0 + (i % 10)
        done = threading.Event()
        with store.subscribe([path], lambda r, t=target, d=done: d.set() if r.value == t else None):
            started = time.perf_counter()
            source.write_target(path, target)
            done.wait(2)
            round_trips.append(time.perf_counter() - started)
    rows.append(
        (
            "Kuksa target -> provider -> current value back (median)",
            f"{1000 * statistics.median(round_trips):.2f} ms",
        )
    )

    count = 2000
    got = threading.Semaphore(0)
    with store.subscribe(["Vehicle.Exterior.AirTemperature"], lambda r: got.release()):
        started = time.perf_counter()
        for i in range(count):
            broker.publish({"Vehicle.Exterior.AirTemperature": float(i % 40)})
        arrived_count = sum(got.acquire(timeout=5) for _ in range(count))
        elapsed = time.perf_counter() - started
    rows.append(
        (
            "Kuksa subscription throughput (broker in the same process)",
            f"{arrived_count / elapsed:.0f} updates/s ({arrived_count}/{count} arrived)",
        )
    )
    source.stop()
    broker.stop()


def main() -> None:
    rows: list[tuple[str, str]] = []
    bench_obd(rows)
    bench_kuksa(rows)
    print("| measurement | result |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
