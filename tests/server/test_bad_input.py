"""Bad input over HTTP: clear JSON errors, the server stays up, nothing is half-applied."""

from __future__ import annotations

import httpx
import pytest

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
