"""Many cars, one backend: concurrent sessions over ``incabin serve --workers N`` with
sessions and profiles in PostgreSQL, one worker killed mid-run.

Starts a throw-away PostgreSQL server (Debian's ``postgresql``, as the tests do), a
scripted OpenAI-compatible Qwen stand-in (``tests/server/scripted_qwen.py``: every model
turn goes through the real ``openai:`` backend over HTTP and waits ``--model-delay``
seconds, a GPU server's answer time), and ``incabin serve --workers N``. Then S sessions
run at once over REST, each on its own script, with requests spread over the workers
by the kernel (a pool of keep-alive connections, so one session's turns land on
different workers):

    phase 1: open; "set T1 degrees" (plain); a model turn; "send a message to Anna saying
             hi" (plain, leaves a confirmation pending)
    phase 2: "yes" (must send: the pending question survived); a model turn;
             "set T2 degrees"; "turn on the A/C"

When a third of phase 2 is done one worker is killed (SIGKILL). A request that loses
its connection is sent again once (all phase-2 requests are safe to repeat, except that a
repeated "yes" whose first attempt was committed finds nothing waiting: counted apart).
At the end every session's setpoint is read back: a session is lost when it is gone or
holds another value than its own T2. Prints a markdown table.

    python benchmarks/load.py                     # 200 sessions, 4 workers
    python benchmarks/load.py --sessions 50 --workers 2 --model-delay 0
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the test helpers: PostgreSQL and the scripted Qwen server

from tests.postgres import running_postgres  # noqa: E402
from tests.server.scripted_qwen import ScriptedQwen  # noqa: E402

SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
MODEL_TURN = "What do electric cars and trams have in common?"


@dataclass
class Tally:
    """What the run measured."""

    plain: list[float] = field(default_factory=list)
    model: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    retried: int = 0
    yes_already_done: int = 0
    lost: list[str] = field(default_factory=list)
    phase2_done: int = 0


class Load:
    """One run against one server."""

    def __init__(self, url: str, sessions: int) -> None:
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
        self.client = httpx.AsyncClient(base_url=url, timeout=120, limits=limits)
        self.sessions = sessions
        self.tally = Tally()
        self.phase2_total = sessions * 4
        self.phase2 = asyncio.Event()  # every session has finished phase 1

    async def turn(self, sid: str, text: str, model: bool, *, retry: bool) -> dict[str, object]:
        """One request; a lost connection (the killed worker) is tried again once."""
        for attempt in (0, 1):
            started = time.perf_counter()
            try:
                response = await self.client.post("/v1/turns", json={"session": sid, "text": text})
            except httpx.TransportError as err:
                if retry and attempt == 0:
                    self.tally.retried += 1
                    continue
                self.tally.errors.append(f"{text!r}: {type(err).__name__}")
                return {}
            (self.tally.model if model else self.tally.plain).append(
                time.perf_counter() - started)
            if response.status_code != 200:
                self.tally.errors.append(f"{text!r}: HTTP {response.status_code} "
                                         f"{response.text[:120]}")
                return {}
            body = dict(response.json())
            body["retried"] = attempt == 1
            return body
        return {}

    async def session(self, index: int, kill_at_phase2: asyncio.Event) -> tuple[str, int] | None:
        t1, t2 = 16 + index % 6, 22 + index % 7
        created = await self.client.post("/v1/sessions", json={"driver": f"driver{index % 50}"})
        if created.status_code != 201:
            self.tally.errors.append(f"open: HTTP {created.status_code} {created.text[:120]}")
            return None
        sid = str(created.json()["session"])
        await self.expect(sid, f"set {t1} degrees", False, "done", retry=False)
        await self.turn(sid, MODEL_TURN, True, retry=False)
        await self.expect(sid, "send a message to Anna saying hi", False, "confirm", retry=False)
        await self.phase2.wait()
        for text, model, act in (("yes", False, "done"), (MODEL_TURN, True, None),
                                 (f"set {t2} degrees", False, "done"),
                                 ("turn on the A/C", False, "done")):
            await self.expect(sid, text, model, act, retry=True)
            self.tally.phase2_done += 1
            if self.tally.phase2_done >= self.phase2_total // 3:
                kill_at_phase2.set()
        return sid, t2

    async def expect(self, sid: str, text: str, model: bool, act: str | None, *,
                     retry: bool) -> None:
        body = await self.turn(sid, text, model, retry=retry)
        if not body or act is None or body.get("act") == act:
            return
        if text == "yes" and body.get("retried"):
            self.tally.yes_already_done += 1  # the first attempt was committed, then cut off
            return
        self.tally.errors.append(f"{text!r}: act {body.get('act')!r}, wanted {act!r} "
                                 f"({str(body.get('text'))[:80]})")

    async def check(self, sid: str, wanted: int) -> None:
        for attempt in (0, 1):  # a kept-alive connection may have been the killed worker's
            try:
                response = await self.client.get(f"/v1/vehicle/{SETPOINT}",
                                                 params={"session": sid})
                break
            except httpx.TransportError as err:
                if attempt == 1:
                    self.tally.lost.append(f"{sid}: {type(err).__name__}")
                    return
        if response.status_code != 200 or response.json()["value"] != wanted:
            self.tally.lost.append(f"{sid}: HTTP {response.status_code} {response.text[:100]}")


async def run_load(url: str, sessions: int, parent_pid: int) -> tuple[Tally, float, int | None]:
    """All sessions at once; returns the tally, the wall time and the killed worker."""
    load = Load(url, sessions)
    kill_now = asyncio.Event()
    killed: list[int] = []

    async def killer() -> None:
        await kill_now.wait()
        victims = _workers(parent_pid)
        if victims:
            os.kill(victims[0], signal.SIGKILL)
            killed.append(victims[0])

    started = time.perf_counter()
    kill_task = asyncio.create_task(killer())
    runs = [asyncio.create_task(load.session(i, kill_now)) for i in range(sessions)]
    while sum(1 for r in runs if r.done()) < sessions and not _phase1_done(load, sessions):
        await asyncio.sleep(0.2)
    load.phase2.set()
    done = [r for r in await asyncio.gather(*runs) if r is not None]
    kill_now.set()
    await kill_task
    await asyncio.gather(*(load.check(sid, wanted) for sid, wanted in done))
    await load.client.aclose()
    return load.tally, time.perf_counter() - started, killed[0] if killed else None


def _phase1_done(load: Load, sessions: int) -> bool:
    # Phase 1 is 3 requests per session: plain, model, plain.
    return len(load.tally.plain) + len(load.tally.model) + len(load.tally.errors) >= 3 * sessions


def _workers(parent: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        for child in (task / "children").read_text().split():
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.append(int(child))
    return sorted(found)


def _wait_healthy(url: str, process: subprocess.Popen[bytes], workers: int) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("incabin serve exited")
        try:
            if httpx.get(f"{url}/v1/health", timeout=2).status_code == 200 and \
                    len(_workers(process.pid)) == workers:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise RuntimeError("incabin serve did not start")


def _ms(values: list[float], q: float) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    return f"{ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000:.0f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=200)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--model-delay", type=float, default=0.3,
                        help="seconds the scripted Qwen server takes per request (0.3)")
    options = parser.parse_args()

    import psycopg

    with running_postgres("max_connections=300") as server_url, \
            ScriptedQwen(delay_s=options.model_delay) as qwen, \
            tempfile.TemporaryDirectory(prefix="incabin-load-") as home:
        with psycopg.connect(server_url.replace("postgresql+psycopg", "postgresql")
                             + "/postgres", autocommit=True) as conn:
            conn.execute("CREATE DATABASE fleet")
        database = f"{server_url}/fleet"
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "INCABIN_HOME": home}
        process = subprocess.Popen(
            [sys.executable, "-m", "incabin.interfaces.cli", "serve", "--port", str(port),
             "--workers", str(options.workers), "--session-db", database, "--profiles",
             database, "--llm", qwen.llm, "--max-sessions", str(options.sessions * 2)],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            _wait_healthy(url, process, options.workers)
            tally, wall_s, killed = asyncio.run(run_load(url, options.sessions, process.pid))
            replaced = len(_workers(process.pid))
        finally:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
    _report(options, tally, wall_s, killed, replaced)
    return 1 if tally.lost or tally.errors else 0


def _report(options: argparse.Namespace, tally: Tally, wall_s: float, killed: int | None,
            workers_after: int) -> None:
    every = tally.plain + tally.model
    print(f"\n{options.sessions} concurrent sessions over {options.workers} workers, "
          f"{platform.machine()} with {os.cpu_count()} cores, {date.today().isoformat()}; "
          f"scripted Qwen server answering in {options.model_delay:g} s\n")
    print("| requests | n | p50 ms | p95 ms | mean ms |")
    print("|---|---|---|---|---|")
    for label, values in (("plain commands (fast path)", tally.plain),
                          ("model turns (openai: → scripted Qwen)", tally.model),
                          ("all", every)):
        mean = f"{statistics.fmean(values) * 1000:.0f}" if values else "–"
        print(f"| {label} | {len(values)} | {_ms(values, 0.5)} | {_ms(values, 0.95)} | {mean} |")
    print(f"\nthroughput {len(every) / wall_s:.1f} requests/s over {wall_s:.1f} s; "
          f"worker killed mid-run: {killed or 'none'} (workers afterwards: {workers_after}); "
          f"requests cut off by the kill and sent again: {tally.retried}; "
          f"repeated 'yes' already committed: {tally.yes_already_done}; "
          f"errors: {len(tally.errors)}; sessions lost or wrong: {len(tally.lost)}")
    for line in [*tally.errors[:10], *tally.lost[:10]]:
        print(f"  - {line}")


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


if __name__ == "__main__":
    sys.exit(main())
