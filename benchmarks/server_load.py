"""Load on ``incabin serve``: many concurrent WebSocket sessions, turn latency, server memory.

Starts the real server (``python -m incabin.interfaces.cli serve``) in its own process,
opens N sessions at once, each on its own WebSocket, and has every session set its
own cabin temperature turn after turn. Each session checks that every reply and every
setpoint change it sees is its own (no cross-talk), and at the end reads its own car
over REST. Prints a markdown table: p50/p95 turn latency and the server's RSS.

    python benchmarks/server_load.py                       # 50 scripted + 4 embedded:0.5b
    python benchmarks/server_load.py --skip-model          # scripted only
    python benchmarks/server_load.py --model embedded      # the 1.5B model instead
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import websockets

SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
# Requests that go through the model (no fast path), and a command that needs none.
MODEL_REQUESTS = ("I'm feeling a bit chilly, could you warm the cabin up to {t} degrees?",
                  "How much battery do I have left?")


@dataclass
class Run:
    """What one load level measured."""

    label: str
    sessions: int
    turns: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    rss_mb: float = 0.0
    wall_s: float = 0.0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Server:
    """``incabin serve`` in a child process."""

    def __init__(self, llm: str, home: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "INCABIN_HOME": home}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "incabin.interfaces.cli", "serve", "--port", str(self.port),
             "--llm", llm, "--profiles", "guest", "--max-sessions", "200"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"{self.url}/v1/health", timeout=1)
                return
            except httpx.TransportError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"server did not start: {self.process.stderr.read()}")
                time.sleep(0.2)

    def stop(self) -> str:
        self.process.send_signal(signal.SIGINT)
        _, err = self.process.communicate(timeout=60)
        return err


async def _session(server: Server, client: httpx.AsyncClient, index: int, turns: int,
                   requests: tuple[str, ...], run: Run) -> None:
    degrees = 16 + index % 13  # every concurrent session its own temperature
    created = await client.post(f"{server.url}/v1/sessions", json={"driver": f"driver{index}"})
    sid = created.json()["session"]
    ws_url = server.url.replace("http", "ws") + f"/v1/ws?session={sid}"
    async with websockets.connect(ws_url, max_size=2**20) as ws:
        hello = json.loads(await ws.recv())
        if hello.get("session") != sid:
            run.errors.append(f"session {index}: hello for {hello.get('session')}")
        for turn in range(turns):
            text = requests[turn % len(requests)].format(t=degrees)
            started = time.perf_counter()
            await ws.send(json.dumps({"type": "turn", "text": text}))
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), 600))
                if message["type"] == "vehicle" and message["path"] == SETPOINT \
                        and message["value"] != degrees:
                    run.errors.append(f"session {index}: saw setpoint {message['value']}")
                if message["type"] in ("reply", "error"):
                    break
            run.latencies.append(time.perf_counter() - started)
            run.turns += 1
            if message["type"] == "error":
                run.errors.append(f"session {index}: {message['detail']}")
    reading = (await client.get(f"{server.url}/v1/vehicle/{SETPOINT}",
                                params={"session": sid})).json()
    if requests[0].startswith("set") and reading.get("value") != degrees:
        run.errors.append(f"session {index}: its car is at {reading.get('value')}, not {degrees}")
    profile = (await client.get(f"{server.url}/v1/profile", params={"session": sid})).json()
    if profile.get("driver") != f"driver{index}":
        run.errors.append(f"session {index}: profile of {profile.get('driver')}")


async def _load(server: Server, sessions: int, turns: int, requests: tuple[str, ...],
                run: Run) -> None:
    async with httpx.AsyncClient(timeout=600) as client:
        results = await asyncio.gather(
            *(_session(server, client, i, turns, requests, run) for i in range(sessions)),
            return_exceptions=True)
    run.errors += [f"{type(r).__name__}: {r}" for r in results if isinstance(r, BaseException)]


def measure(label: str, llm: str, sessions: int, turns: int, requests: tuple[str, ...]) -> Run:
    """Start a server with ``llm``, run the load, stop it."""
    run = Run(label, sessions)
    with tempfile.TemporaryDirectory() as home:
        server = Server(llm, home)
        try:
            started = time.perf_counter()
            asyncio.run(_load(server, sessions, turns, requests, run))
            run.wall_s = time.perf_counter() - started
            run.rss_mb = _rss_mb(server.process.pid)
        finally:
            stderr = server.stop()
    if "Traceback" in stderr:
        run.errors.append("server logged a traceback:\n" + stderr[-2000:])
    return run


def _pct(values: list[float], q: float) -> float:
    if len(values) < 2:
        return values[0] if values else float("nan")
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--turns", type=int, default=10, help="turns per scripted session")
    parser.add_argument("--model", default="embedded:0.5b", help="LLM spec of the model run")
    parser.add_argument("--model-sessions", type=int, default=4)
    parser.add_argument("--model-turns", type=int, default=2)
    parser.add_argument("--skip-model", action="store_true")
    args = parser.parse_args()
    runs = [measure("scripted LLM, fast-path commands", "scripted", args.sessions, args.turns,
                    ("set {t} degrees", "open the trunk", "close the trunk"))]
    if not args.skip_model:
        runs.append(measure(f"{args.model}, model turns", args.model, args.model_sessions,
                            args.model_turns, MODEL_REQUESTS))
    print(f"\nMachine: {platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()}\n")
    print("| load | sessions | turns | errors | p50 turn (ms) | p95 turn (ms) | wall (s) "
          "| server RSS (MB) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for run in runs:
        print(f"| {run.label} | {run.sessions} | {run.turns} | {len(run.errors)} "
              f"| {_pct(run.latencies, 50) * 1000:.0f} | {_pct(run.latencies, 95) * 1000:.0f} "
              f"| {run.wall_s:.1f} | {run.rss_mb:.0f} |")
    for run in runs:
        for error in run.errors[:10]:
            print(f"error ({run.label}): {error}", file=sys.stderr)
    return 1 if any(run.errors for run in runs) else 0


if __name__ == "__main__":
    sys.exit(main())
