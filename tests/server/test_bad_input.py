"""Bad input over HTTP: clear JSON errors, the server stays up, nothing is half-applied."""

from __future__ import annotations

import asyncio
import json

import httpx
import pytest
import websockets

from tests.server.conftest import Running

SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
JSON = {"content-type": "application/json"}


def _assert_unchanged_and_up(server: Running, sid: str) -> None:
    assert server.read(sid, SETPOINT) == 21.0
    assert server.client.get("/v1/health").json()["status"] == "ok"


@pytest.mark.parametrize(("content", "headers", "status", "error"), [
    (b'{"session": "S", "text": "set 25 degrees"', JSON, 422, "invalid_request"),
    (b"[1, 2, 3]", JSON, 422, "invalid_request"),
    (b'{"session": "S", "text": "set 25 degrees", "extra": 1}', JSON, 422, "invalid_request"),
    (b'{"session": "S", "text": ""}', JSON, 422, "invalid_request"),
    (b'{"session": "S"}', JSON, 422, "invalid_request"),
    (b'{"session": "S", "text": "set 25 degrees"}', {"content-type": "text/plain"}, 415,
     "unsupported_media_type"),
    (b'{"session": "S", "text": "' + b"a" * 20_000 + b'"}', JSON, 413, "request_too_large"),
])
def test_bad_turn_requests(server: Running, content: bytes, headers: dict[str, str],
                           status: int, error: str) -> None:
    sid = server.session()
    response = server.client.post("/v1/turns", content=content.replace(b'"S"', f'"{sid}"'.encode()),
                                  headers=headers)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    assert body["error"] == error and body["detail"]
    _assert_unchanged_and_up(server, sid)


def test_text_over_1000_characters_is_refused(server: Running) -> None:
    sid = server.session()
    response = server.client.post("/v1/turns", json={"session": sid,
                                                     "text": "set 25 degrees " + "x" * 1000})
    assert response.status_code == 422
    assert "1000" in response.json()["detail"]
    _assert_unchanged_and_up(server, sid)


def test_oversized_body_sent_in_chunks_is_refused(server: Running) -> None:
    sid = server.session()

    def chunks():  # no Content-Length: the server must count
        for _ in range(40):
            yield b"x" * 1024

    response = server.client.post("/v1/turns", content=chunks(), headers=JSON)
    assert response.status_code == 413
    _assert_unchanged_and_up(server, sid)


@pytest.mark.parametrize("request_", [
    ("POST", "/v1/turns", {"json": {"session": "nope", "text": "set 25 degrees"}}),
    ("GET", "/v1/vehicle/Vehicle.Speed", {"params": {"session": "nope"}}),
    ("PUT", "/v1/vehicle/Vehicle.Body.Trunk.Rear.IsOpen",
     {"params": {"session": "nope"}, "json": {"value": True}}),
    ("GET", "/v1/navigation", {"params": {"session": "nope"}}),
    ("GET", "/v1/profile", {"params": {"session": "nope"}}),
    ("DELETE", "/v1/sessions/nope", {}),
])
def test_unknown_session_is_404_json(server: Running, request_: tuple) -> None:
    method, path, kwargs = request_
    response = server.client.request(method, path, **kwargs)
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_session"
    assert "POST /v1/sessions" in response.json()["detail"]


def test_missing_session_parameter_and_unknown_route(server: Running) -> None:
    missing = server.client.get("/v1/vehicle/Vehicle.Speed")
    assert missing.status_code == 422 and "session" in missing.json()["detail"]
    nowhere = server.client.get("/v1/nowhere")
    assert nowhere.status_code == 404 and nowhere.json()["error"] == "not_found"
    wrong = server.client.patch("/v1/health")
    assert wrong.status_code == 405 and wrong.json()["error"] == "method_not_allowed"


def test_bad_session_request(server: Running) -> None:
    before = len(server.manager)
    for body in ({"driver": ""}, {"driver": "x" * 100}, {"lang": "fr"}, {"driver": 5},
                 {"driver": "Lin\x00"}, {"driver": "a\nb"}):
        response = server.client.post("/v1/sessions", json=body)
        assert response.status_code == 422, body
        assert response.json()["error"] == "invalid_request"
    blank = server.client.post("/v1/sessions", json={"driver": "   "})
    assert blank.status_code == 422 and blank.json()["error"] == "invalid_driver"
    assert len(server.manager) == before


def test_server_survives_a_burst_of_garbage(server: Running) -> None:
    sid = server.session()
    with httpx.Client(base_url=server.url) as client:
        for payload in (b"\xff\xfe", b"{" * 5000, b'{"session": 1e999}', b"null"):
            response = client.post("/v1/turns", content=payload, headers=JSON)
            assert response.status_code == 422
    _assert_unchanged_and_up(server, sid)


# Text that is not text: JSON may spell a lone surrogate ("\udcff"), and a client may send
# bytes that are not UTF-8. Each is a clear 422 (an error event on the WebSocket), and the
# request never reaches the car.
WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"


def _assert_window_closed_and_up(server: Running, sid: str) -> None:
    assert server.manager.get(sid).assistant.vehicle.target(WINDOW) == 0
    _assert_unchanged_and_up(server, sid)


@pytest.mark.parametrize("text", ["open the window \udcff", "\ud800 open the window"])
def test_lone_surrogate_in_turn_text_is_a_clear_422(server: Running, text: str) -> None:
    sid = server.session()
    content = json.dumps({"session": sid, "text": text}).encode()  # ASCII: "\\udcff" escapes
    response = server.client.post("/v1/turns", content=content, headers=JSON)
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid_request"
    assert body["detail"].startswith("text: ") and "lone surrogate" in body["detail"]
    _assert_window_closed_and_up(server, sid)


def test_body_that_is_not_utf8_is_a_clear_422(server: Running) -> None:
    sid = server.session()
    content = b'{"session": "%s", "text": "open the window \xff"}' % sid.encode()
    response = server.client.post("/v1/turns", content=content, headers=JSON)
    assert response.status_code == 422
    at = content.index(b"\xff")
    assert response.json() == {"error": "invalid_request",
                               "detail": f"the body is not UTF-8 text: byte 0xff at position {at}"}
    _assert_window_closed_and_up(server, sid)


def test_driver_name_with_a_lone_surrogate_opens_no_session(server: Running) -> None:
    before = len(server.manager)
    response = server.client.post("/v1/sessions", content=json.dumps({"driver": "Lin\udcff"}),
                                  headers=JSON)
    assert response.status_code == 422 and "lone surrogate" in response.json()["detail"]
    assert len(server.manager) == before


async def _next_not_vehicle(ws: websockets.ClientConnection) -> dict[str, object]:
    """The next message that is not one of the ticking car's ``vehicle`` updates."""
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), 15))
        if message["type"] != "vehicle":
            return dict(message)


def test_websocket_answers_bad_text_with_errors_and_stays_open(server: Running) -> None:
    sid = server.session()

    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            assert (await _next_not_vehicle(ws))["type"] == "hello"
            await ws.send(json.dumps({"type": "turn", "text": "open the window \udcff"}))
            surrogate = await _next_not_vehicle(ws)
            assert surrogate["error"] == "invalid_message"
            assert "lone surrogate" in str(surrogate["detail"])
            frame = b'{"type": "turn", "text": "open the window \xff"}'
            await ws.send(frame)  # bytes: a binary frame
            at = frame.index(b"\xff")
            assert await _next_not_vehicle(ws) == {
                "type": "error", "error": "malformed_text",
                "detail": f"the message is not UTF-8 text: byte 0xff at position {at}"}
            await ws.send(b'{"type": "ping"}')  # UTF-8 in a binary frame is read as text
            assert (await _next_not_vehicle(ws))["type"] == "pong"

    asyncio.run(go())
    _assert_window_closed_and_up(server, sid)
