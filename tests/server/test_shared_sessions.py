"""Many server processes, one PostgreSQL: real ``incabin serve`` processes on free ports,
sessions and profiles in a real PostgreSQL database, model turns through the real
``openai:`` backend against a scripted OpenAI-compatible server (``scripted_qwen``).

Two single-process servers on two ports stand for two workers behind a balancer (the
test chooses which one a request reaches); ``--workers 2`` runs uvicorn's supervisor, whose
worker is killed to show it is replaced and no session is lost.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from tests.server.conftest import free_port
from tests.server.scripted_qwen import ScriptedQwen

SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"
_numbers = itertools.count()


class Served:
    """One ``incabin serve`` process and a client for it."""

    def __init__(self, home: Path, *options: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "INCABIN_HOME": str(home), "INCABIN_LLM_TIMEOUT": "30"}
        env.pop("INCABIN_TOKEN", None)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "incabin.interfaces.cli", "serve", "--port", str(self.port),
             "--tick", "0.2", *options],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
        self.client = httpx.Client(base_url=self.url, timeout=30)
        try:
            self._wait_until_serving()
        except BaseException:
            self.stop()
            raise

    def _wait_until_serving(self) -> None:
        deadline = time.monotonic() + 60
        while True:
            try:
                if self.client.get("/v1/health", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert self.process.poll() is None, self.output()
            assert time.monotonic() < deadline, "incabin serve did not start"
            time.sleep(0.2)

    def output(self) -> str:
        return self.process.stdout.read() if self.process.stdout else ""

    def session(self, driver: str = "Lin") -> str:
        response = self.client.post("/v1/sessions", json={"driver": driver})
        assert response.status_code == 201, response.text
        return str(response.json()["session"])

    def say(self, sid: str, text: str) -> dict[str, Any]:
        response = self.client.post("/v1/turns", json={"session": sid, "text": text})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def read(self, sid: str, path: str) -> Any:
        response = self.client.get(f"/v1/vehicle/{path}", params={"session": sid})
        assert response.status_code == 200, response.text
        return response.json()["value"]

    def navigation(self, sid: str) -> dict[str, Any]:
        response = self.client.get("/v1/navigation", params={"session": sid})
        assert response.status_code == 200, response.text
        return dict(response.json())

    def stop(self) -> None:
        self.client.close()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def _conninfo(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="module")
def database(postgres_server: str) -> str:
    """A fresh database for this module's sessions and profiles."""
    import psycopg

    name = f"fleet_{os.getpid()}_{next(_numbers)}"
    with psycopg.connect(_conninfo(postgres_server) + "/postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return f"{postgres_server}/{name}"


@pytest.fixture(scope="module")
def qwen() -> Iterator[ScriptedQwen]:
    with ScriptedQwen(slow_s=30.0) as server:
        yield server


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fleet-home")


def _options(database: str, qwen: ScriptedQwen) -> tuple[str, ...]:
    return ("--llm", qwen.llm, "--session-db", database, "--profiles", database)


@pytest.fixture(scope="module")
def pair(database: str, qwen: ScriptedQwen, home: Path) -> Iterator[tuple[Served, Served]]:
    """Two server processes on two ports sharing one database."""
    first = Served(home, *_options(database, qwen))
    try:
        second = Served(home, *_options(database, qwen))
    except BaseException:
        first.stop()
        raise
    yield first, second
    first.stop()
    second.stop()


def _sql(database: str, statement: str, *params: object) -> list[tuple[Any, ...]]:
    import psycopg

    with psycopg.connect(_conninfo(database), autocommit=True) as conn:
        cursor = conn.execute(statement, params or None)  # type: ignore[arg-type]
        return list(cursor.fetchall()) if cursor.description else []


def test_a_session_continues_on_another_process(pair: tuple[Served, Served]) -> None:
    a, b = pair
    sid = a.session()
    assert a.say(sid, "set 20 degrees")["act"] == "done"
    asked = a.say(sid, "open the window")
    assert asked["act"] == "clarify"
    # B never saw this session: it finds the car and the open question in the database.
    assert b.read(sid, SETPOINT) == 20
    answered = b.say(sid, "the driver's window")
    assert answered["act"] == "done" and "window" in answered["text"].lower()
    trip = b.say(sid, "take me to Kampin kappeli via Vapiano")  # a model turn, through openai:
    assert trip["act"] == "done", trip
    on_b = b.navigation(sid)
    assert on_b["active"] and "Kampin kappeli" in on_b["destination"]["name"]
    # Back on A: its copy is behind; it is rebuilt from the row, trip included.
    on_a = a.navigation(sid)
    assert on_a["destination"] == on_b["destination"]
    assert [s["name"] for s in on_a["stops"]] == [s["name"] for s in on_b["stops"]]
    assert on_a["route"]["distance_km"] == on_b["route"]["distance_km"]
    deadline = time.monotonic() + 10  # the window moves over seconds in A's copy
    while a.read(sid, WINDOW) != 100:
        assert time.monotonic() < deadline, a.read(sid, WINDOW)
        time.sleep(0.2)
    assert a.read(sid, SETPOINT) == 20


def test_a_drivers_preferences_reach_any_car(pair: tuple[Served, Served]) -> None:
    a, b = pair
    first_car = a.session("Mika")
    assert a.say(first_car, "I like it at 23 degrees")["act"] == "done"
    other_car = b.session("Mika")  # another car, another process, the same driver
    profile = b.client.get("/v1/profile", params={"session": other_car}).json()
    assert {"key": "climate.temperature", "value": 23.0} in [
        {"key": p["key"], "value": p["value"]} for p in profile["preferences"]]
    warmed = b.say(other_car, "I'm cold")
    assert warmed["act"] == "done" and b.read(other_car, SETPOINT) == 23


def test_two_sessions_never_see_each_others_state(pair: tuple[Served, Served]) -> None:
    a, b = pair
    one, two = a.session("Lin"), b.session("Lin")  # one driver, two cars
    assert a.say(one, "set 18 degrees")["act"] == "done"
    assert b.say(two, "set 26 degrees")["act"] == "done"
    assert a.say(one, "send a message to Anna saying hi")["act"] == "confirm"
    for server in (a, b):
        assert server.read(one, SETPOINT) == 18 and server.read(two, SETPOINT) == 26
    # The question is the first session's: a yes in the second finds nothing waiting.
    assert b.say(two, "yes")["act"] != "done"
    assert not b.navigation(two)["active"]
    sent = b.say(one, "yes")
    assert sent["act"] == "done" and "Anna" in sent["text"]


def test_a_page_on_one_process_follows_what_another_process_did(
        pair: tuple[Served, Served]) -> None:
    a, b = pair
    sid = a.session()

    async def go() -> None:
        ws_url = a.url.replace("http://", "ws://") + f"/v1/ws?session={sid}"
        async with websockets.connect(ws_url) as ws:
            assert json.loads(await ws.recv())["type"] == "hello"
            await ws.send(json.dumps({"type": "turn", "text": "set 17 degrees", "id": "t1"}))
            await _until(ws, lambda e: e["type"] == "reply" and e["id"] == "t1"
                         and e["act"] == "done")
            # Another process changes the car; this page's copy catches up within seconds.
            assert b.say(sid, "set 25 degrees")["act"] == "done"
            await _until(ws, lambda e: e["type"] == "vehicle" and e["path"] == SETPOINT
                         and e["value"] == 25)
            await ws.send(json.dumps({"type": "turn", "text": "warmer by one degree",
                                      "id": "t2"}))
            await _until(ws, lambda e: e["type"] == "reply" and e["id"] == "t2")

    asyncio.run(go())
    assert b.read(sid, SETPOINT) == 26


async def _until(ws: Any, wanted: Any, timeout: float = 15.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        event = json.loads(await asyncio.wait_for(ws.recv(), deadline - time.monotonic()))
        if wanted(event):
            return dict(event)


def test_a_process_killed_mid_turn_loses_no_session_nor_question(
        database: str, qwen: ScriptedQwen, home: Path, pair: tuple[Served, Served]) -> None:
    _, survivor = pair
    victim = Served(home, *_options(database, qwen))
    try:
        sid = _killed_mid_turn(victim, database, qwen)
    finally:
        victim.stop()
    # The row has the state from before the killed turn, and it is unlocked at once.
    assert survivor.read(sid, SETPOINT) == 21
    assert not survivor.navigation(sid)["active"]
    sent = survivor.say(sid, "yes")
    assert sent["act"] == "done" and "Anna" in sent["text"]


def _killed_mid_turn(victim: Served, database: str, qwen: ScriptedQwen) -> str:
    """A session with a held question on ``victim``, which is killed during a model turn
    of that session; returns the session."""
    sid = victim.session()
    assert victim.say(sid, "set 21 degrees")["act"] == "done"
    assert victim.say(sid, "send a message to Anna saying hi")["act"] == "confirm"
    failed: list[BaseException] = []

    def slow_turn() -> None:
        try:
            victim.client.post("/v1/turns", json={
                "session": sid, "text": "take your time, take me to Kampin kappeli via Vapiano"})
        except httpx.TransportError as err:
            failed.append(err)

    asked = qwen.requests
    turn = threading.Thread(target=slow_turn)
    turn.start()
    deadline = time.monotonic() + 10
    while qwen.requests == asked or not _locked(database):  # the turn holds the row
        assert time.monotonic() < deadline, "the slow turn never started"
        time.sleep(0.05)
    victim.process.send_signal(signal.SIGKILL)
    victim.process.wait(timeout=10)
    turn.join(timeout=20)
    assert failed, "the killed process still answered"
    return sid


def _locked(database: str) -> bool:
    """Whether a server holds a session row's lock (its transaction waits on the turn)."""
    rows = _sql(database, "SELECT count(*) FROM pg_stat_activity "
                          "WHERE datname = current_database() "
                          "AND state = 'idle in transaction' AND query LIKE %s",
                "%incabin_sessions%FOR UPDATE%")
    return bool(rows[0][0])


def test_uvicorn_workers_replace_a_killed_worker_and_keep_every_session(
        database: str, qwen: ScriptedQwen, home: Path) -> None:
    served = Served(home, *_options(database, qwen), "--workers", "2")
    try:
        workers = _workers(served.process.pid)
        assert len(workers) == 2
        sessions = {served.session(): t for t in (17, 18, 19, 20, 22, 24)}
        for sid, degrees in sessions.items():
            assert served.say(sid, f"set {degrees} degrees")["act"] == "done"
        os.kill(workers[0], signal.SIGKILL)
        for sid, degrees in sessions.items():
            assert _retrying(lambda s=sid: served.read(s, SETPOINT)) == degrees
            assert _retrying(lambda s=sid: served.say(s, "turn on the A/C"))["act"] == "done"
        deadline = time.monotonic() + 30
        while workers[0] in (now := _workers(served.process.pid)) or len(now) != 2:
            assert time.monotonic() < deadline, f"no worker replaced {workers[0]}: {now}"
            time.sleep(0.3)
        health = served.client.get("/v1/health").json()
        assert health["sessions"] >= len(sessions)
    finally:
        served.stop()


def _workers(parent: int) -> list[int]:
    """The uvicorn worker processes of ``parent`` (spawned: ``spawn_main`` in their command)."""
    found = []
    for task in Path(f"/proc/{parent}/task").iterdir():
        for child in (task / "children").read_text().split():
            command = Path(f"/proc/{child}/cmdline").read_bytes()
            if b"spawn_main" in command:
                found.append(int(child))
    return sorted(found)


def _retrying(call: Any) -> Any:
    """A request whose connection the killed worker may have held, tried again."""
    for attempt in range(5):
        try:
            return call()
        except httpx.TransportError:
            if attempt == 4:
                raise
            time.sleep(0.3)
    raise AssertionError("unreachable")


def test_a_corrupt_row_is_reported_and_the_others_stay_intact(
        pair: tuple[Served, Served], database: str) -> None:
    a, b = pair
    broken, fine, bad_car = a.session(), a.session(), a.session()
    assert a.say(fine, "set 19 degrees")["act"] == "done"
    _sql(database, "UPDATE incabin_sessions SET state = 'not json {', version = version + 1 "
                   "WHERE id = %s", broken)
    _sql(database, "UPDATE incabin_sessions SET version = version + 1, state = "
                   "jsonb_set(state::jsonb, '{car}', '{\"Vehicle.Nowhere\": 1}')::text "
                   "WHERE id = %s", bad_car)
    for server in (a, b):
        for sid, problem in ((broken, "not JSON"), (bad_car, "Vehicle.Nowhere")):
            response = server.client.post("/v1/turns", json={"session": sid, "text": "hi"})
            assert response.status_code == 500, response.text
            body = response.json()
            assert body["error"] == "corrupt_session"
            assert sid in body["detail"] and problem in body["detail"]
        assert server.read(fine, SETPOINT) == 19
    assert b.say(fine, "set 20 degrees")["act"] == "done"
    stored = _sql(database, "SELECT state FROM incabin_sessions WHERE id = %s", broken)
    assert stored == [("not json {",)]  # left for inspection, never overwritten
    forged = b.client.post("/v1/turns", json={"session": "forged-id", "text": "hi"})
    assert forged.status_code == 404 and forged.json()["error"] == "unknown_session"
    assert b.client.delete(f"/v1/sessions/{broken}").status_code == 204


def test_the_database_going_away_is_a_clear_error_and_changes_nothing(
        pair: tuple[Served, Served], database: str) -> None:
    a, _ = pair
    sid = a.session()
    assert a.say(sid, "set 24 degrees")["act"] == "done"
    name = database.rsplit("/", 1)[1]
    _sql(database.rsplit("/", 1)[0] + "/postgres",
         f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS false")
    _sql(database.rsplit("/", 1)[0] + "/postgres",
         "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", name)
    try:
        response = a.client.post("/v1/turns", json={"session": sid, "text": "set 16 degrees"})
        assert response.status_code == 503, response.text
        assert response.json()["error"] == "session_store_unavailable"
        assert "cannot be reached" in response.json()["detail"]
    finally:
        _sql(database.rsplit("/", 1)[0] + "/postgres",
             f"ALTER DATABASE {name} WITH ALLOW_CONNECTIONS true")
    assert a.read(sid, SETPOINT) == 24
    assert a.say(sid, "set 22 degrees")["act"] == "done"


def test_serve_refuses_workers_without_a_shared_store_and_an_unreachable_one(
        tmp_path: Path) -> None:
    env = {**os.environ, "INCABIN_HOME": str(tmp_path)}
    env.pop("INCABIN_SESSION_DB", None)
    base = [sys.executable, "-m", "incabin.interfaces.cli", "serve", "--llm", "scripted",
            "--port", str(free_port())]
    alone = subprocess.run([*base, "--workers", "2"], capture_output=True, text=True, env=env,
                           timeout=60)
    assert alone.returncode == 2 and "--session-db" in alone.stderr
    nowhere = subprocess.run(
        [*base, "--session-db", f"postgresql+psycopg://incabin@127.0.0.1:{free_port()}/x"],
        capture_output=True, text=True, env=env, timeout=60)
    assert nowhere.returncode == 2 and "cannot be reached" in nowhere.stderr
    sqlite = subprocess.run([*base, "--session-db", f"sqlite:///{tmp_path}/s.db"],
                            capture_output=True, text=True, env=env, timeout=60)
    assert sqlite.returncode == 2 and "need PostgreSQL" in sqlite.stderr
