"""Shared tools for the LLM-layer tests."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from incabin.interfaces.llm_server_cmd import ServerProcess
from incabin.llm import ToolSpec
from incabin.vehicle import Reading, SignalKind, Vehicle

SET_TEMPERATURE = ToolSpec(
    name="set_temperature",
    description="Set the driver's cabin temperature in degrees Celsius.",
    parameters={
        "type": "object",
        "properties": {"celsius": {"type": "number", "minimum": 16, "maximum": 28}},
        "required": ["celsius"],
    },
)
OPEN_WINDOW = ToolSpec(
    name="open_window",
    description="Open a window to a percentage (0 closes it).",
    parameters={
        "type": "object",
        "properties": {
            "window": {
                "type": "string",
                "enum": ["driver", "passenger", "rear_left", "rear_right"],
            },
            "percent": {"type": "integer", "minimum": 0, "maximum": 100},
        },
        "required": ["window", "percent"],
    },
)
GET_SPEED = ToolSpec(
    name="get_speed",
    description="Read the current vehicle speed in km/h.",
    parameters={"type": "object", "properties": {}},
)
CAR_TOOLS = (SET_TEMPERATURE, OPEN_WINDOW, GET_SPEED)


@pytest.fixture
def car_tools() -> tuple[ToolSpec, ...]:
    return CAR_TOOLS


def actuator_values(vehicle: Vehicle) -> dict[str, Any]:
    """Every actuator's value (or its unavailable marker): what a turn may not move."""
    values = {}
    for signal in vehicle.catalogue:
        if signal.kind is SignalKind.ACTUATOR:
            reading = vehicle.read(signal.path)
            values[signal.path] = reading.value if isinstance(reading, Reading) else reading
    return values


@pytest.fixture(scope="session")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    """One real llama.cpp server with the bundled 0.5B for the whole session."""
    server = ServerProcess("0.5b", log=tmp_path_factory.mktemp("llm-server") / "server.log")
    yield server
    server.stop()
