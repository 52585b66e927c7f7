"""Capability commands pass a running model turn (the fast lane); everything else is
answered in order, with each turn's id on its events."""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import websockets

from incabin.interfaces.server.fast_lane import is_fast_command
from tests.server.conftest import MANUAL_QUESTION, PHRASE, Running

AC = "Vehicle.Cabin.HVAC.IsAirConditioningActive"
WINDOW = "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position"


def test_only_capability_commands_take_the_fast_lane() -> None:
    assert is_fast_command("turn on the A/C")
    assert is_fast_command("打开空调")
    assert not is_fast_command(MANUAL_QUESTION)
    assert not is_fast_command("yes")
    assert not is_fast_command("turn it down")  # names no part: needs the conversation


async def _collect(ws: Any, want: set[str], seen: list[dict[str, Any]]) -> None:
    """Read until a reply with each id in ``want`` has arrived."""
    while want:
        message = json.loads(await asyncio.wait_for(ws.recv(), 30))
        seen.append(message)
        if message["type"] == "reply":
            want.discard(message["id"])


def test_a_car_command_is_answered_while_the_model_works(slow_server: Running) -> None:
    sid = slow_server.session()
    seen: list[dict[str, Any]] = []

    async def go() -> None:
        async with websockets.connect(f"{slow_server.ws_url}?session={sid}") as ws:
            await ws.send(json.dumps({"type": "turn", "text": MANUAL_QUESTION, "id": "m1"}))
            while json.loads(await ws.recv())["type"] != "token":
                pass  # the model turn is under way
            await ws.send(json.dumps({"type": "turn", "text": "turn on the A/C", "id": "f1"}))
            await _collect(ws, {"m1", "f1"}, seen)

    asyncio.run(go())
    replies = [m for m in seen if m["type"] == "reply"]
    assert [r["id"] for r in replies] == ["f1", "m1"]  # the command did not wait
    assert replies[0]["act"] == "done" and replies[1]["text"].endswith(PHRASE)
    assert {m["id"] for m in seen if m["type"] == "token"} <= {"m1", "f1"}
    assert slow_server.read(sid, AC) is True


def test_a_question_asked_in_the_fast_lane_is_answered_later(slow_server: Running) -> None:
    sid = slow_server.session()
    slow_server.manager.get(sid).assistant.vehicle.set(AC, True)
    seen: list[dict[str, Any]] = []

    async def go() -> None:
        async with websockets.connect(f"{slow_server.ws_url}?session={sid}") as ws:
            await ws.send(json.dumps({"type": "turn", "text": MANUAL_QUESTION, "id": "m1"}))
            while json.loads(await ws.recv())["type"] != "token":
                pass
            await ws.send(json.dumps({"type": "turn", "text": "open the driver's window",
                                      "id": "f1"}))
            await _collect(ws, {"m1", "f1"}, seen)
            await ws.send(json.dumps({"type": "turn", "text": "yes", "id": "y1"}))
            await _collect(ws, {"y1"}, seen)

    asyncio.run(go())
    replies = {m["id"]: m for m in seen if m["type"] == "reply"}
    assert replies["f1"]["act"] == "confirm" and replies["y1"]["act"] == "done"
    deadline = time.monotonic() + 10
    while slow_server.read(sid, WINDOW) == 0 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert slow_server.read(sid, WINDOW) != 0  # opening


def test_a_bad_turn_id_is_refused_and_nothing_runs(server: Running) -> None:
    sid = server.session()

    async def go() -> dict[str, Any]:
        async with websockets.connect(f"{server.ws_url}?session={sid}") as ws:
            await ws.send(json.dumps({"type": "turn", "text": "turn on the A/C", "id": "<x>"}))
            while (message := json.loads(await ws.recv()))["type"] != "error":
                pass
            return message

    error = asyncio.run(go())
    assert error["error"] == "invalid_message" and "id" in error["detail"]
    assert server.read(sid, AC) is False
