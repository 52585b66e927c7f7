"""One streamed WebSocket turn through the real bundled model (Qwen2.5-Coder-0.5B)."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
import websockets

from incabin.agents import Assistant
from incabin.llm import create_chat_model, ensure_model
from tests.server.conftest import Running, start_server

pytestmark = pytest.mark.llm
SETPOINT = "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature"


@pytest.fixture(scope="module")
def model_server(_incabin_home: None) -> Iterator[Running]:
    ensure_model("0.5b")
    model = create_chat_model("embedded:0.5b")  # shared by the sessions, as `incabin serve` does

    def factory(driver: str) -> Assistant:
        return Assistant.create(model, "sim", driver=driver, profiles="guest")

    running = start_server(factory, tick_s=0)
    yield running
    running.client.close()
    running.thread.stop()


def test_model_turn_streams_and_the_car_follows(model_server: Running) -> None:
    sid = model_server.session()

    async def go() -> tuple[dict[str, Any], list[str]]:
        async with websockets.connect(f"{model_server.ws_url}?session={sid}") as ws:
            await ws.send(json.dumps({"type": "turn",
                                      "text": "I'm feeling chilly, please warm the cabin to 24 degrees"}))
            tokens: list[str] = []
            deadline = time.monotonic() + 240
            while True:
                message = json.loads(await asyncio.wait_for(ws.recv(), deadline - time.monotonic()))
                if message["type"] == "token":
                    tokens.append(message["text"])
                elif message["type"] in ("reply", "error"):
                    return message, tokens

    reply, tokens = asyncio.run(go())
    assert reply["type"] == "reply", reply
    assert reply["agent"] == "car_genius"
    assert "".join(tokens).strip() == reply["text"]
    setpoint = model_server.read(sid, SETPOINT)
    if reply["act"] == "done":  # the model set it: the car and the reply agree
        assert setpoint == 24.0 and "24" in reply["text"]
    else:
        assert setpoint == 21.0  # asked or declined: nothing half-done
