"""The WebSocket: streamed turns, live car and coach events, drops mid-reply, no cross-talk."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest
import websockets

from tests.server.conftest import MANUAL_QUESTION, PHRASE, Running

SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"
WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"
AC = "Vehicle.Cabin.HVAC.IsAirConditioningActive"


async def _until(ws: Any, kind: str, timeout: float = 15.0,
                 seen: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """Messages up to and including the first of ``kind`` (collected into ``seen``)."""
    deadline = time.monotonic() + timeout
    while True:
        message = json.loads(await asyncio.wait_for(ws.recv(), deadline - time.monotonic()))
        if seen is not None:
            seen.append(message)
        if message["type"] == kind:
            return message


async def _turn(ws: Any, text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    await ws.send(json.dumps({"type": "turn", "text": text}))
    seen: list[dict[str, Any]] = []
    reply = await _until(ws, "reply", seen=seen)
    return reply, seen


def test_tokens_stream_before_the_reply(server: Running) -> None:
    sid = server.session()

    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            hello = await _until(ws, "hello")
            assert hello == {"type": "hello", "session": sid, "driver": "Lin", "lang": "en",
                             "voice_langs": ["en"]}
            reply, seen = await _turn(ws, MANUAL_QUESTION)
            tokens = [m["text"] for m in seen if m["type"] == "token"]
            assert len(tokens) > 5  # the phrase arrives word by word
            assert "".join(tokens).strip() == reply["text"]
            assert reply["text"].endswith(PHRASE) and reply["act"] == "inform"

    asyncio.run(go())


def test_confirm_yes_moves_the_window_and_streams_vehicle_events(server: Running) -> None:
    sid = server.session()
    server.manager.get(sid).assistant.vehicle.set(AC, True)

    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            ask, _ = await _turn(ws, "open the driver's window")
            assert ask["act"] == "confirm" and ask["options"] == []
            done, _ = await _turn(ws, "yes")
            assert done["act"] == "done"
            moving = await _until(ws, "vehicle")
            while moving["path"] != WINDOW:
                moving = await _until(ws, "vehicle")
            assert 0 < moving["value"] <= 100 and moving["unit"] == "percent"

    asyncio.run(go())


def test_bad_messages_get_errors_and_the_socket_stays_open(server: Running) -> None:
    sid = server.session()

    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            await _until(ws, "hello")
            for raw, code in (("{nope", "malformed_json"),
                              (json.dumps({"type": "dance"}), "invalid_message"),
                              (json.dumps({"type": "turn", "text": "x" * 1001}), "invalid_message"),
                              (json.dumps({"type": "turn"}), "invalid_message"),
                              ("x" * 9000, "message_too_large")):
                await ws.send(raw)
                error = await _until(ws, "error")
                assert error["error"] == code and error["detail"]
            await ws.send(json.dumps({"type": "ping"}))
            await _until(ws, "pong")
            reply, _ = await _turn(ws, "set 24 degrees")
            assert reply["act"] == "done"
        assert server.read(sid, SETPOINT) == 24.0

    asyncio.run(go())


def test_unknown_session_closes_with_a_json_error(server: Running) -> None:
    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session=nope") as ws:
            error = json.loads(await ws.recv())
            assert error["type"] == "error" and error["error"] == "unknown_session"
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await ws.recv()
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 4404

    asyncio.run(go())


@pytest.mark.parametrize("drop_after", ["sent", "first_token"])
def test_socket_dropped_mid_reply_completes_the_turn(slow_server: Running,
                                                     drop_after: str) -> None:
    """The client leaves while the model works: the turn finishes server-side, whole."""
    server = slow_server
    sid = server.session()
    session = server.manager.get(sid)

    async def go() -> None:
        ws = await websockets.connect(f"{server.ws_url}?session={sid}")
        await _until(ws, "hello")
        await ws.send(json.dumps({"type": "turn", "text": MANUAL_QUESTION}))
        if drop_after == "first_token":
            await _until(ws, "token")
        await ws.close()

    asyncio.run(go())
    deadline = time.monotonic() + 30
    while not session.assistant.memory.history and time.monotonic() < deadline:
        time.sleep(0.1)
    said, answered = session.assistant.memory.history[-1]
    assert said == MANUAL_QUESTION and answered.endswith(PHRASE)
    # the session is whole and usable: the next turn is answered normally
    reply = server.client.post("/v1/turns", json={"session": sid, "text": "set 19 degrees"})
    assert reply.status_code == 200 and reply.json()["act"] == "done"
    assert server.read(sid, SETPOINT) == 19.0


def test_coach_alert_reaches_the_socket(server: Running) -> None:
    sid = server.session()
    car = server.manager.get(sid).assistant.vehicle

    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            await _until(ws, "hello")
            car.add_dtc("P0A80")
            alert = await _until(ws, "alert", timeout=20)
            assert "P0A80" in alert["text"] and alert["kind"] and alert["priority"]

    asyncio.run(go())


def test_ten_sessions_at_once_see_only_their_own_car(server: Running) -> None:
    sessions = {server.session(f"driver{i}"): 16 + i for i in range(10)}

    async def one(sid: str, degrees: int) -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            hello = await _until(ws, "hello")
            assert hello["session"] == sid
            reply, seen = await _turn(ws, f"set {degrees} degrees")
            assert reply["act"] == "done" and str(degrees) in reply["text"]
            setpoints = [m["value"] for m in seen if m["type"] == "vehicle"
                         and m["path"] == SETPOINT]
            assert setpoints in ([], [float(degrees)])

    async def all_at_once() -> None:
        await asyncio.gather(*(one(sid, d) for sid, d in sessions.items()))

    asyncio.run(all_at_once())
    for sid, degrees in sessions.items():
        assert server.read(sid, SETPOINT) == float(degrees)
        assert server.manager.get(sid).driver == f"driver{degrees - 16}"


def test_trip_planned_in_a_turn_is_pushed_with_its_geometry(server: Running) -> None:
    sid = server.session()

    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            await _until(ws, "hello")
            await ws.send(json.dumps({"type": "turn", "text": "take me to Kampin kappeli via Vapiano"}))
            seen: list[dict[str, Any]] = []
            reply = await _until(ws, "reply", seen=seen)
            assert reply["agent"] == "travel_companion" and reply["act"] == "done"
            pushed = [m["state"] for m in seen if m["type"] == "navigation"]
            assert len(pushed) == 1
            state = pushed[0]
            assert state["active"] and state["destination"]["name"] == "Kampin kappeli"
            assert [(s["name"], s["kind"]) for s in state["stops"]] == [("Vapiano", "restaurant")]
            assert len(state["geometry"]) > 10
            lats = [p[0] for p in state["geometry"]]
            assert 60.1 < min(lats) <= max(lats) < 60.3  # Helsinki

    asyncio.run(go())
    rest = server.client.get("/v1/navigation", params={"session": sid}).json()
    assert rest["active"] and rest["route"]["distance_km"] > 0 and rest["geometry"]


def test_event_loop_answers_while_a_slow_turn_runs(slow_server: Running) -> None:
    server = slow_server
    sid = server.session()

    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            await _until(ws, "hello")
            await ws.send(json.dumps({"type": "turn", "text": MANUAL_QUESTION}))
            await _until(ws, "token")  # the model is busy in a worker thread now
            started = time.perf_counter()
            health = await asyncio.to_thread(server.client.get, "/v1/health")
            other = await asyncio.to_thread(server.client.get, "/v1/vehicle",
                                            params={"session": sid})
            assert health.status_code == other.status_code == 200
            assert time.perf_counter() - started < 1.0
            reply = await _until(ws, "reply")
            assert reply["text"].endswith(PHRASE)

    asyncio.run(go())


def test_oversized_frame_closes_only_that_socket(server: Running) -> None:
    sid = server.session()

    async def go() -> None:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            await _until(ws, "hello")
            await ws.send("x" * 200_000)
            with pytest.raises(websockets.ConnectionClosed) as closed:
                await _until(ws, "reply")
            assert closed.value.rcvd is not None and closed.value.rcvd.code == 1009
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            reply, _ = await _turn(ws, "set 18 degrees")
            assert reply["act"] == "done"

    asyncio.run(go())
