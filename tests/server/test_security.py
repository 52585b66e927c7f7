"""Who may drive the car: loopback by default, a token off loopback, closed CORS and origins,
and only under this server's own host names (no DNS rebinding)."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets

from incabin.agents import Assistant
from incabin.interfaces.server import (
    InsecureBind,
    ServerConfig,
    ServerThread,
    SessionManager,
    is_loopback,
)
from incabin.interfaces.server.config import InvalidAllowedHost
from incabin.llm import ScriptedModel
from tests.server.conftest import (
    Running,
    free_port,
    manual_step,
    scripted_factory,
    start_server,
)

TOKEN = "s3cret-token"
TRUNK = "Vehicle.Body.Trunk.Rear.IsOpen"


@pytest.fixture(scope="module")
def guarded(_incabin_home: None) -> Iterator[Running]:
    running = start_server(token=TOKEN, allow_origins=("http://dash.example",), tick_s=0)
    yield running
    running.client.close()
    running.thread.stop()


def _auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize("host", ["0.0.0.0", "192.168.1.20", "::", "car.local"])
def test_refuses_to_listen_off_loopback_without_a_token(host: str) -> None:
    with pytest.raises(InsecureBind, match="token"):
        ServerConfig(host=host).check()
    ServerConfig(host=host, token=TOKEN).check()


def test_loopback_addresses() -> None:
    assert all(map(is_loopback, ["127.0.0.1", "127.3.2.1", "::1", "[::1]", "localhost"]))
    assert not any(map(is_loopback, ["0.0.0.0", "10.0.0.1", "example.com"]))
    ServerConfig().check()


def test_token_required_for_sessions_turns_and_actuators(guarded: Running) -> None:
    client = guarded.client
    assert client.get("/v1/health").status_code == 200  # liveness needs no token
    assert client.post("/v1/sessions", json={"driver": "Lin"}).status_code == 401
    wrong = client.post("/v1/sessions", json={"driver": "Lin"}, headers=_auth("wrong"))
    assert wrong.status_code == 401 and wrong.json()["error"] == "unauthorized"
    created = client.post("/v1/sessions", json={"driver": "Lin"}, headers=_auth())
    assert created.status_code == 201
    sid = created.json()["session"]
    turn = {"session": sid, "text": "open the trunk"}
    assert client.post("/v1/turns", json=turn).status_code == 401
    put = client.put(f"/v1/vehicle/{TRUNK}", params={"session": sid}, json={"value": True})
    assert put.status_code == 401
    car = guarded.manager.get(sid).assistant.vehicle
    assert car.get(TRUNK) is False  # nothing moved without the token
    assert client.post("/v1/turns", json=turn, headers=_auth()).json()["act"] == "done"
    assert car.get(TRUNK) is True


def test_websocket_needs_the_token(guarded: Running) -> None:
    sid = guarded.client.post("/v1/sessions", json={}, headers=_auth()).json()["session"]

    async def go() -> None:
        async with websockets.connect(f"{guarded.ws_url}?session={sid}") as ws:
            assert json.loads(await ws.recv())["error"] == "unauthorized"
            with pytest.raises(websockets.ConnectionClosed):
                await ws.recv()
        async with websockets.connect(f"{guarded.ws_url}?session={sid}&token={TOKEN}") as ws:
            assert json.loads(await ws.recv())["type"] == "hello"
        async with websockets.connect(f"{guarded.ws_url}?session={sid}",
                                      additional_headers=_auth()) as ws:
            assert json.loads(await ws.recv())["type"] == "hello"

    asyncio.run(go())


def test_cors_closed_by_default(server: Running) -> None:
    origin = {"Origin": "http://evil.example"}
    get = server.client.get("/v1/health", headers=origin)
    assert "access-control-allow-origin" not in get.headers
    preflight = server.client.options("/v1/turns", headers={
        **origin, "Access-Control-Request-Method": "POST"})
    assert "access-control-allow-origin" not in preflight.headers


def test_foreign_page_cannot_actuate_even_without_preflight(server: Running) -> None:
    sid = server.session()
    response = server.client.post("/v1/turns", json={"session": sid, "text": "open the trunk"},
                                  headers={"Origin": "http://evil.example"})
    assert response.status_code == 403 and response.json()["error"] == "forbidden_origin"
    assert server.manager.get(sid).assistant.vehicle.get(TRUNK) is False
    same = server.client.post("/v1/turns", json={"session": sid, "text": "open the trunk"},
                              headers={"Origin": server.url})
    assert same.status_code == 200

    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}",
                                      origin="http://evil.example") as ws:
            assert json.loads(await ws.recv())["error"] == "forbidden_origin"

    asyncio.run(go())


def test_allowed_origin_gets_cors_headers(guarded: Running) -> None:
    origin = {"Origin": "http://dash.example"}
    preflight = guarded.client.options("/v1/turns", headers={
        **origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type"})
    assert preflight.headers["access-control-allow-origin"] == "http://dash.example"
    created = guarded.client.post("/v1/sessions", json={}, headers={**origin, **_auth()})
    assert created.status_code == 201
    assert created.headers["access-control-allow-origin"] == "http://dash.example"
    other = guarded.client.post("/v1/sessions", json={},
                                headers={"Origin": "http://evil.example", **_auth()})
    assert other.status_code == 403


def test_session_limit(_incabin_home: None) -> None:
    running = start_server(max_sessions=2, tick_s=0)
    try:
        running.session()
        running.session()
        third = running.client.post("/v1/sessions", json={})
        assert third.status_code == 503 and third.json()["error"] == "too_many_sessions"
    finally:
        running.client.close()
        running.thread.stop()


def test_pages_of_the_web_app_are_served(server: Running) -> None:
    page = httpx.get(server.url + "/")
    assert page.status_code == 200 and '<script type="module" src="/web/app.js">' in page.text
    script = httpx.get(server.url + "/web/app.js")
    assert script.status_code == 200 and "javascript" in script.headers["content-type"]
    assert httpx.get(server.url + "/web/nope.js").json()["error"] == "not_found"


def test_idle_sessions_are_closed_but_watched_ones_stay(_incabin_home: None) -> None:
    running = start_server(idle_s=0.5, tick_s=0.2)
    try:
        idle, watched = running.session(), running.session()

        async def watch() -> None:
            async with websockets.connect(f"{running.ws_url}?session={watched}") as ws:
                assert json.loads(await ws.recv())["type"] == "hello"
                await asyncio.sleep(2.0)
                assert running.client.get("/v1/profile",
                                          params={"session": watched}).status_code == 200

        asyncio.run(watch())
        gone = running.client.get("/v1/profile", params={"session": idle})
        assert gone.status_code == 404 and gone.json()["error"] == "unknown_session"
    finally:
        running.client.close()
        running.thread.stop()


# DNS rebinding: a page of evil.example whose name its owner has pointed at 127.0.0.1 is
# same-origin with itself, so the browser sends Host and Origin of evil.example.
WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"
HOME = "Mannerheimintie 1, Helsinki"


@pytest.fixture(scope="module")
def stored(_incabin_home: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """A server without a token whose drivers' preferences live in a SQLite file."""
    database = tmp_path_factory.mktemp("rebinding") / "profiles.sqlite"

    def factory(driver: str) -> Assistant:
        return Assistant.create(ScriptedModel([manual_step] * 50), "sim", driver=driver,
                                profiles=f"sqlite:///{database}")

    running = start_server(factory, tick_s=0)
    yield running
    running.client.close()
    running.thread.stop()


def _rebound(running: Running, name: str = "evil.example") -> dict[str, str]:
    port = running.thread.config.port
    return {"Host": f"{name}:{port}", "Origin": f"http://{name}:{port}"}


def _lin_at_home(running: Running) -> str:
    """A session of Lin, whose home address is stored."""
    sid = running.session("Lin")
    running.manager.get(sid).assistant.services.driver.set("places.home", HOME)
    return sid


def _assert_unknown_host(response: httpx.Response) -> None:
    assert response.status_code == 421, response.text
    body = response.json()
    assert body["error"] == "unknown_host"
    assert "evil.example" in body["detail"] and "--allowed-host" in body["detail"]


def test_rebinding_page_cannot_read_the_profile(stored: Running) -> None:
    sid = _lin_at_home(stored)
    for path in ("/v1/profile/export", "/v1/profile"):
        response = stored.client.get(path, params={"session": sid}, headers=_rebound(stored))
        _assert_unknown_host(response)
        assert "Mannerheimintie" not in response.text
    own = stored.client.get("/v1/profile/export", params={"session": sid})
    assert own.status_code == 200 and "Mannerheimintie" in own.text


def test_rebinding_page_cannot_delete_the_home_address(stored: Running) -> None:
    sid = _lin_at_home(stored)
    response = stored.client.delete("/v1/profile/places.home", params={"session": sid},
                                    headers=_rebound(stored))
    _assert_unknown_host(response)
    fresh = stored.session("Lin")  # a new session reads the SQLite file again
    assert str(stored.manager.get(fresh).assistant.services.driver.get("places.home")) == HOME


def test_rebinding_page_cannot_open_a_window_or_open_sessions(stored: Running) -> None:
    sid = _lin_at_home(stored)
    car = stored.manager.get(sid).assistant.vehicle
    sessions = len(stored.manager)
    attacks = [
        ("PUT", f"/v1/vehicle/{WINDOW}",
         {"params": {"session": sid}, "json": {"value": 100, "confirmed": True}}),
        ("POST", "/v1/turns", {"json": {"session": sid, "text": "open the driver's window"}}),
        ("POST", "/v1/sessions", {"json": {"driver": "Lin"}}),
        ("GET", "/", {}),
    ]
    for method, path, kwargs in attacks:
        _assert_unknown_host(stored.client.request(method, path, headers=_rebound(stored),
                                                   **kwargs))
    assert car.target(WINDOW) == 0 and car.get(WINDOW) == 0
    assert len(stored.manager) == sessions


def test_rebinding_page_cannot_open_a_websocket(stored: Running) -> None:
    sid = _lin_at_home(stored)
    port = stored.thread.config.port

    async def go() -> None:
        # The URL's name goes into Host, the socket goes to 127.0.0.1: what a browser does
        # once evil.example resolves to this machine.
        async with websockets.connect(f"ws://evil.example:{port}/v1/ws?session={sid}",
                                      host="127.0.0.1", port=port,
                                      origin=f"http://evil.example:{port}") as ws:
            event = json.loads(await ws.recv())
            assert event["type"] == "error" and event["error"] == "unknown_host"
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4421
            assert not stored.manager.get(sid).listening

    asyncio.run(go())


def test_host_is_checked_with_a_token_too(guarded: Running) -> None:
    response = guarded.client.post("/v1/sessions", json={},
                                   headers={**_rebound(guarded), **_auth()})
    _assert_unknown_host(response)


@pytest.mark.parametrize("raw", [
    b"GET /v1/health HTTP/1.0\r\n\r\n",
    b"GET /v1/health HTTP/1.0\r\nHost: evil.example@127.0.0.1\r\n\r\n",
])
def test_missing_or_disguised_host_is_refused(stored: Running, raw: bytes) -> None:
    with socket.create_connection(("127.0.0.1", stored.thread.config.port), timeout=10) as sock:
        sock.sendall(raw)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 421"), answer[:200]
    assert b'"status":"ok"' not in answer


@pytest.mark.parametrize("name", ["localhost", "127.0.0.1", "[::1]", "LocalHost"])
def test_the_servers_own_page_still_acts_by_every_loopback_name(stored: Running,
                                                                name: str) -> None:
    sid = _lin_at_home(stored)
    port = stored.thread.config.port
    own = {"Host": f"{name}:{port}", "Origin": f"http://{name}:{port}"}
    opened = stored.client.put(f"/v1/vehicle/{WINDOW}", params={"session": sid},
                               json={"value": 40, "confirmed": True}, headers=own)
    assert opened.status_code == 200, opened.text
    assert stored.manager.get(sid).assistant.vehicle.target(WINDOW) == 40
    forgot = stored.client.delete("/v1/profile/places.home", params={"session": sid},
                                  headers=own)
    assert forgot.json() == {"key": "places.home", "forgotten": True}


def test_allowed_host_is_answered_and_others_still_refused(_incabin_home: None) -> None:
    running = start_server(allowed_hosts=("Car.Local",), tick_s=0)
    try:
        sid = running.session()
        car = {"Host": f"car.local:{running.thread.config.port}",
               "Origin": f"http://car.local:{running.thread.config.port}"}
        turn = running.client.post("/v1/turns", json={"session": sid, "text": "open the trunk"},
                                   headers=car)
        assert turn.status_code == 200 and turn.json()["act"] == "done"
        _assert_unknown_host(running.client.get("/v1/health", headers=_rebound(running)))
    finally:
        running.client.close()
        running.thread.stop()


def test_without_a_token_a_listed_origin_may_read_but_not_act(_incabin_home: None) -> None:
    running = start_server(allow_origins=("http://dash.example",), tick_s=0)
    try:
        sid = running.session()
        dash = {"Origin": "http://dash.example"}
        read = running.client.get("/v1/profile", params={"session": sid}, headers=dash)
        assert read.status_code == 200
        assert read.headers["access-control-allow-origin"] == "http://dash.example"
        act = running.client.post("/v1/turns", json={"session": sid, "text": "open the trunk"},
                                  headers=dash)
        assert act.status_code == 403 and "--token" in act.json()["detail"]
        assert running.manager.get(sid).assistant.vehicle.get(TRUNK) is False
    finally:
        running.client.close()
        running.thread.stop()


@pytest.mark.parametrize("bad", ["http://car.local", "car.local:8080", "car.local/x", "[car]",
                                 "a b", ""])
def test_an_allowed_host_that_could_never_match_is_refused_at_start(bad: str) -> None:
    with pytest.raises(InvalidAllowedHost, match="--allowed-host"):
        ServerConfig(allowed_hosts=(bad,)).check()


def test_allowed_hosts_are_loopback_the_bound_address_and_the_listed_names() -> None:
    config = ServerConfig(host="192.168.1.20", token=TOKEN, allowed_hosts=("Car.Local", "[::1]"))
    assert config.hosts() == {"localhost", "127.0.0.1", "::1", "192.168.1.20", "car.local"}


def test_serve_reads_allowed_hosts_from_flag_and_environment(tmp_path: Path) -> None:
    port = free_port()
    env = {**os.environ, "INCABIN_HOME": str(tmp_path),
           "INCABIN_ALLOWED_HOSTS": "car.local, dash.lan"}
    env.pop("INCABIN_TOKEN", None)
    command = [sys.executable, "-m", "incabin.interfaces.cli", "serve", "--llm", "scripted",
               "--profiles", "guest", "--port", str(port)]
    bad = subprocess.run([*command, "--allowed-host", "http://car.local"], env=env, text=True,
                         capture_output=True, timeout=60, check=False)
    assert bad.returncode == 2 and "--allowed-host" in bad.stderr
    assert "Traceback" not in bad.stderr
    process = subprocess.Popen(command, env=env, text=True, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    try:
        url = f"http://127.0.0.1:{port}/v1/health"
        deadline = time.monotonic() + 60
        while True:
            try:
                httpx.get(url, timeout=1)
                break
            except httpx.TransportError:
                assert process.poll() is None and time.monotonic() < deadline
                time.sleep(0.2)
        for name, status in (("car.local", 200), ("dash.lan", 200), ("evil.example", 421)):
            assert httpx.get(url, headers={"Host": f"{name}:{port}"}).status_code == status
    finally:
        process.terminate()
        process.communicate(timeout=20)


def test_an_ipv6_servers_url_puts_its_address_in_brackets() -> None:
    # Unbracketed, "http://::1:8080" names no host, and the Host check would refuse it.
    port = free_port()
    thread = ServerThread(ServerConfig(host="::1", port=port), SessionManager(scripted_factory()))
    assert thread.url == f"http://[::1]:{port}"
