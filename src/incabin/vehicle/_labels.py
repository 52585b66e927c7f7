"""Plain-language names of signals and values, for the sentences a driver hears."""

from __future__ import annotations

import re
from typing import Any

_ROW = {"Row1": "front", "Row2": "rear"}
_SIDE = {"DriverSide": "driver's", "PassengerSide": "passenger's", "Middle": "middle"}
_STATION = {"Driver": "driver's", "Passenger": "passenger's"}

# (pattern, template) pairs; the first match names the signal.
_LABELS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), t)
    for p, t in (
        (r"\.Door\.(?P<row>Row\d)\.(?P<side>\w+)\.Window\.", "{row} {side} window"),
        (r"\.Door\.(?P<row>Row\d)\.(?P<side>\w+)\.IsLocked$", "{row} {side} door lock"),
        (r"\.Door\.(?P<row>Row\d)\.(?P<side>\w+)\.", "{row} {side} door"),
        (r"\.Trunk\.Front\.", "front trunk"),
        (r"\.Trunk\.Rear\.", "trunk"),
        (r"\.Hood\.", "hood"),
        (r"\.ChargingPort\.\w+\.IsFlapOpen$", "charging port flap"),
        (r"\.Sunroof\.Shade\.", "sunshade"),
        (r"\.Sunroof\.", "sunroof"),
        (r"\.RearShade\.", "rear window shade"),
        (
            r"\.Station\.(?P<row>Row\d)\.(?P<station>\w+)\.Temperature$",
            "{row} {station} temperature",
        ),
        (r"\.Station\.(?P<row>Row\d)\.(?P<station>\w+)\.FanSpeed$", "{row} {station} fan speed"),
        (
            r"\.Station\.(?P<row>Row\d)\.(?P<station>\w+)\.AirDistribution$",
            "{row} {station} air distribution",
        ),
        (r"\.IsAirConditioningActive$", "A/C"),
        (r"\.IsFrontDefrosterActive$", "front defroster"),
        (r"\.IsRearDefrosterActive$", "rear defroster"),
        (r"\.IsRecirculationActive$", "air recirculation"),
        (r"\.Seat\.(?P<row>Row\d)\.(?P<side>\w+)\.HeatingCooling$", "{row} {side} seat heating"),
        (r"\.Seat\.(?P<row>Row\d)\.(?P<side>\w+)\.MassageLevel$", "{row} {side} seat massage"),
        (r"\.SteeringWheel\.HeatingCooling$", "steering wheel heating"),
        (r"\.Lights\.Fog\.Front\.", "front fog lights"),
        (r"\.Lights\.Fog\.Rear\.", "rear fog lights"),
        (r"\.Lights\.Beam\.High\.", "high beams"),
        (r"\.Lights\.Beam\.Low\.", "low beams"),
        (r"\.Lights\.Hazard\.", "hazard lights"),
        (r"\.Charging\.ChargeLimit$", "charge limit"),
        (r"\.Charging\.StartStopCharging$", "charging"),
        (r"\.Windshield\.Front\.Wiping\.Mode$", "wipers"),
        (r"\.Windshield\.(?P<ws>\w+)\.IsHeatingOn$", "{ws} window heating"),
        (r"\.Mirrors\.(?P<side>\w+)\.IsHeatingOn$", "{side} mirror heating"),
    )
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def label(path: str) -> str:
    """A short name for ``path``: ``front driver's window``, ``A/C``, ``charge limit``."""
    for pattern, template in _LABELS:
        m = pattern.search(path)
        if m:
            groups = m.groupdict()
            return template.format(
                row=_ROW.get(groups.get("row", ""), ""),
                side=_SIDE.get(groups.get("side", ""), ""),
                station=_STATION.get(groups.get("station", ""), ""),
                ws=(groups.get("ws") or "").lower(),
            )
    return _CAMEL.sub(" ", path.rsplit(".", 1)[-1]).lower()


def value_text(path: str, value: Any, unit: str | None) -> str:
    """``value`` in words: ``on``, ``closed``, ``22 °C``, ``40%``."""
    if isinstance(value, bool):
        if path.endswith(("IsOpen", "IsFlapOpen")):
            return "open" if value else "closed"
        if path.endswith("IsLocked"):
            return "locked" if value else "unlocked"
        return "on" if value else "off"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if unit == "percent":
        return f"{value}%"
    if unit == "celsius":
        return f"{value} °C"
    if isinstance(value, str):
        return value.lower().replace("_", " ")
    return f"{value} {unit}" if unit else str(value)


def phrase(path: str, value: Any, unit: str | None) -> str:
    """What commanding ``value`` did, as a clause: ``opened the trunk``, ``set the fan to 40%``."""
    name = label(path)
    if path.endswith(".StartStopCharging"):
        return "started charging" if value == "START" else "stopped charging"
    if isinstance(value, bool):
        if path.endswith(("IsOpen", "IsFlapOpen")):
            return f"{'opened' if value else 'closed'} the {name}"
        if path.endswith("IsLocked"):
            return f"{'locked' if value else 'unlocked'} the {name}"
        return f"turned the {name} {'on' if value else 'off'}"
    if path.endswith("Position") and isinstance(value, (int, float)):
        # VSS positions: windows/sunroof 0 = closed; shades 0 = open (retracted)
        shade = "Shade" in path
        closed, opened = (100, 0) if shade else (0, 100)
        if value == closed:
            return f"closed the {name}"
        if value == opened:
            return f"opened the {name}"
        if value == -100:
            return f"tilted the {name}"
    return f"set the {name} to {value_text(path, value, unit)}"
