"""Shared tools for the LLM-layer tests."""

from __future__ import annotations

import pytest

from incabin.llm import ToolSpec

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
