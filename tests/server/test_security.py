"""Who may drive the car: loopback by default, a token off loopback, closed CORS and origins."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest
import websockets

from incabin.interfaces.server import InsecureBind, ServerConfig, is_loopback
from tests.server.conftest import Running, start_server

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
