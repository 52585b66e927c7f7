"""The fast path: plain commands become tool calls without the model; anything it
does not fully understand goes to the model."""

import pytest

from incabin.agents import fast_path


@pytest.mark.parametrize(
    ("text", "calls"),
    [
        ("set 21 degrees", [("set_temperature", {"celsius": 21.0})]),
        ("Set the temperature to 22.5", [("set_temperature", {"celsius": 22.5})]),
        ("21 degrees please", [("set_temperature", {"celsius": 21.0})]),
        ("one degree lower", [("set_temperature", {"change": -1.0})]),
        ("two degrees warmer", [("set_temperature", {"change": 2.0})]),
        ("warmer", [("set_temperature", {"change": 1.0})]),
        ("seat heating max", [("set_seat", {"seat": "driver", "heating": "high"})]),
        ("turn off the passenger seat heating", [("set_seat", {"seat": "passenger", "heating": "off"})]),
        ("heat my seat", [("set_seat", {"seat": "driver", "heating": "medium"})]),
        ("打开空调", [("set_climate", {"ac": True})]),
        ("温度调到二十二度", [("set_temperature", {"celsius": 22.0})]),
        ("把温度调到23度", [("set_temperature", {"celsius": 23.0})]),
        ("调低两度", [("set_temperature", {"change": -2.0})]),
        ("座椅加热最高", [("set_seat", {"seat": "driver", "heating": "high"})]),
        ("open the driver's window", [("set_window", {"window": "driver", "action": "open"})]),
        ("open a window", [("set_window", {"window": "any", "action": "open"})]),
        ("open the passenger window to 30%",
         [("set_window", {"window": "passenger", "action": "open", "percent": 30})]),
        ("close all windows", [("set_window", {"window": "all", "action": "close"})]),
        ("turn on the fog lights", [("set_lights", {"light": "fog_front", "on": True})]),
        ("switch on the high beams", [("set_lights", {"light": "high_beam", "on": True})]),
        ("open the trunk", [("set_closure", {"part": "trunk", "open": True})]),
        ("打开后备箱", [("set_closure", {"part": "trunk", "open": True})]),
        ("set charge limit to 80%", [("set_charge_limit", {"percent": 80})]),
        ("21 degrees and heat my seat",
         [("set_temperature", {"celsius": 21.0}), ("set_seat", {"seat": "driver", "heating": "medium"})]),
        ("打开空调，温度调到22度", [("set_climate", {"ac": True}), ("set_temperature", {"celsius": 22.0})]),
    ],
)
def test_plain_commands_become_tool_calls(text, calls):
    assert fast_path.parse(text) == calls


@pytest.mark.parametrize(
    "text",
    [
        "why is my range dropping",
        "set 21 degrees and tell me a joke",
        "take me to the airport",
        "open the window if it is not raining",
        "",
        "x" * 500,
    ],
)
def test_anything_not_fully_understood_goes_to_the_model(text):
    assert fast_path.parse(text) is None


@pytest.mark.parametrize(
    ("text", "calls"),
    [
        ("set the passenger side to 24 degrees", [("set_temperature", {"celsius": 24.0, "zone": "passenger"})]),
        ("22 degrees for the passenger", [("set_temperature", {"celsius": 22.0, "zone": "passenger"})]),
        ("副驾温度调到24度", [("set_temperature", {"celsius": 24.0, "zone": "passenger"})]),
        ("and another degree warmer", [("set_temperature", {"change": 1.0})]),
    ],
)
def test_zones_and_follow_ups(text, calls):
    assert fast_path.parse(text) == calls


@pytest.mark.parametrize(
    ("text", "calls"),
    [
        ("Put the passenger seat heating on low", [("set_seat", {"seat": "passenger", "heating": "low"})]),
        ("Fan to 50 percent and turn on recirculation",
         [("set_climate", {"fan_percent": 50}), ("set_climate", {"recirculation": True})]),
    ],
)
def test_more_plain_commands(text, calls):
    assert fast_path.parse(text) == calls


@pytest.mark.parametrize(
    ("text", "feeling"),
    [("I'm cold", "cold"), ("I'm a bit cold", "cold"), ("it's too hot in here", "hot"),
     ("I'm freezing", "cold"), ("我有点冷", "cold"), ("太热了", "hot")],
)
def test_how_the_driver_feels(text, feeling):
    assert fast_path.parse(text) == [("adjust_comfort", {"feeling": feeling})]
