"""Plain-language names of signals and values, for the sentences a driver hears."""

from __future__ import annotations

import re
from typing import Any

_ROW = {"Row1": "front", "Row2": "rear"}
_SIDE = {"DriverSide": "driver's", "PassengerSide": "passenger's", "Middle": "middle"}
_STATION = {"Driver": "driver's", "Passenger": "passenger's"}
# Chinese names a seat position the way drivers say it (left-hand drive: 主驾 is front left).
_PLACE_ZH = {
    ("Row1", "Driver"): "主驾",
    ("Row1", "Passenger"): "副驾",
    ("Row1", "Middle"): "前排中间",
    ("Row2", "Driver"): "左后",
    ("Row2", "Passenger"): "右后",
    ("Row2", "Middle"): "后排中间",
}
_WHEEL_ZH = {"Left": "左", "Right": "右"}
_AXLE_ZH = {"Row1": "前", "Row2": "后"}
_WINDSHIELD_ZH = {"Front": "前挡风玻璃", "Rear": "后窗"}

# (pattern, English template, Chinese template); the first match names the signal.
_LABELS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p), en, zh)
    for p, en, zh in (
        (r"\.Door\.(?P<row>Row\d)\.(?P<side>\w+)\.Window\.", "{row} {side} window", "{place}车窗"),
        (
            r"\.Door\.(?P<row>Row\d)\.(?P<side>\w+)\.Shade\.",
            "{row} {side} window blind",
            "{place}遮阳帘",
        ),
        (
            r"\.Door\.(?P<row>Row\d)\.(?P<side>\w+)\.IsLocked$",
            "{row} {side} door lock",
            "{place}门锁",
        ),
        (r"\.Door\.(?P<row>Row\d)\.(?P<side>\w+)\.", "{row} {side} door", "{place}车门"),
        (r"\.Trunk\.Front\.", "front trunk", "前备箱"),
        (r"\.Trunk\.Rear\.", "trunk", "后备箱"),
        (r"\.Hood\.", "hood", "引擎盖"),
        (r"\.ChargingPort\.\w+\.IsFlapOpen$", "charging port flap", "充电口盖"),
        (r"\.Sunroof\.Shade\.", "sunshade", "天窗遮阳帘"),
        (r"\.Sunroof\.", "sunroof", "天窗"),
        (r"\.RearShade\.", "rear window shade", "后窗遮阳帘"),
        (
            r"\.Station\.(?P<row>Row\d)\.(?P<station>\w+)\.Temperature$",
            "{row} {station} temperature",
            "{place}温度",
        ),
        (
            r"\.Station\.(?P<row>Row\d)\.(?P<station>\w+)\.FanSpeed$",
            "{row} {station} fan speed",
            "{place}风量",
        ),
        (
            r"\.Station\.(?P<row>Row\d)\.(?P<station>\w+)\.AirDistribution$",
            "{row} {station} air distribution",
            "{place}出风模式",
        ),
        (r"\.IsAirConditioningActive$", "A/C", "空调"),
        (r"\.IsFrontDefrosterActive$", "front defroster", "前挡除雾"),
        (r"\.IsRearDefrosterActive$", "rear defroster", "后窗除雾"),
        (r"\.IsRecirculationActive$", "air recirculation", "内循环"),
        (
            r"\.Seat\.(?P<row>Row\d)\.(?P<side>\w+)\.HeatingCooling$",
            "{row} {side} seat heating",
            "{place}座椅加热",
        ),
        (
            r"\.Seat\.(?P<row>Row\d)\.(?P<side>\w+)\.Massage\.",
            "{row} {side} seat massage",
            "{place}座椅按摩",
        ),
        (
            r"\.Seat\.(?P<row>Row\d)\.(?P<side>\w+)\.OccupancyStatus$",
            "{row} {side} seat occupancy",
            "{place}座椅占用",
        ),
        (r"\.SteeringWheel\.HeatingCooling$", "steering wheel heating", "方向盘加热"),
        (r"\.Lights\.Fog\.Front\.", "front fog lights", "前雾灯"),
        (r"\.Lights\.Fog\.Rear\.", "rear fog lights", "后雾灯"),
        (r"\.Lights\.Beam\.High\.", "high beams", "远光灯"),
        (r"\.Lights\.Beam\.Low\.", "low beams", "近光灯"),
        (r"\.Lights\.Hazard\.", "hazard lights", "双闪"),
        (r"\.Charging\.ChargeLimit$", "charge limit", "充电上限"),
        (r"\.Charging\.StartStopCharging$", "charging", "充电"),
        (r"\.Windshield\.Front\.Wiping\.Mode$", "wipers", "雨刮"),
        (r"\.Windshield\.Front\.IsHeatingOn$", "windscreen heating", "前挡风玻璃加热"),
        (r"\.Windshield\.(?P<ws>\w+)\.IsHeatingOn$", "{ws} window heating", "{ws}加热"),
        (r"\.Mirrors\.\w+\.IsFolded$", "power-folding mirrors", "电动折叠后视镜"),
        (r"\.Light\.Spotlight\.(?P<row>Row\d)\.(?P<side>\w+)\.", "{row} {side} reading light",
         "{place}阅读灯"),
        (r"\.Light\.IsDomeOn$", "dome light", "顶灯"),
        (r"\.Infotainment\.Media\.Volume$", "media volume", "媒体音量"),
        (r"\.Infotainment\.Media\.", "media player", "媒体播放"),
        # Both mirrors heat together: one name for either side.
        (r"\.Mirrors\.\w+\.IsHeatingOn$", "heated mirrors", "后视镜加热"),
        (r"\.Light\.AmbientLight\.", "ambient lighting", "氛围灯"),
        # signals that status answers read, so that "can't read" names them plainly
        (r"\.Diagnostics\.DTCList$", "fault codes", "故障码"),
        (r"\.LowVoltage", "12-volt battery", "12伏蓄电池"),
        (r"\.TractionBattery\.StateOfCharge\.", "battery charge", "电池电量"),
        (r"\.TractionBattery\.Temperature\.", "battery temperature", "电池温度"),
        (r"\.TractionBattery\.Charging\.", "charging status", "充电状态"),
        (r"\.Range$", "range", "续航里程"),
        (
            r"\.Axle\.(?P<row>Row\d)\.Wheel\.(?P<wheel>\w+)\.Tire\.Pressure$",
            "{row} {wheel} tyre pressure",
            "{wheel}胎压",
        ),
        (
            r"\.Axle\.(?P<row>Row\d)\.Wheel\.(?P<wheel>\w+)\.Tire\.",
            "{row} {wheel} tyre",
            "{wheel}轮胎",
        ),
        (r"^Vehicle\.Speed$", "speed", "车速"),
        (r"\.HVAC\.AmbientAirTemperature$", "cabin temperature", "车内温度"),
        (r"\.Exterior\.AirTemperature$", "outside temperature", "车外温度"),
        (r"\.(TraveledDistanceSinceStart|TripDuration|AverageSpeed)$", "trip data", "行程数据"),
    )
)
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
# A Chinese name for a signal the table does not know; never the VSS path itself.
_UNNAMED_ZH = "这项数据"


def label(path: str, lang: str = "en") -> str:
    """A short name for ``path`` in ``lang`` (``en`` or ``zh``): ``front driver's window``, ``主驾车窗``."""
    for pattern, en, zh in _LABELS:
        m = pattern.search(path)
        if m:
            groups = m.groupdict()
            row = groups.get("row") or "Row1"  # mirrors have no row: they are at the front
            if lang == "zh":
                seat = (groups.get("side") or groups.get("station") or "").removesuffix("Side")
                wheel = groups.get("wheel", "")
                return zh.format(
                    place=_PLACE_ZH.get((row, seat), ""),
                    wheel=_WHEEL_ZH.get(wheel, "") + _AXLE_ZH.get(row, ""),
                    ws=_WINDSHIELD_ZH.get(groups.get("ws") or "", ""),
                )
            return en.format(
                row=_ROW.get(groups.get("row", ""), ""),
                side=_SIDE.get(groups.get("side", ""), ""),
                station=_STATION.get(groups.get("station", ""), ""),
                ws=(groups.get("ws") or "").lower(),
                wheel=(groups.get("wheel") or "").lower(),
            )
    if lang == "zh":
        return _UNNAMED_ZH
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
    if unit == "Celsius":  # VSS 6.0 spells its unit so
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
