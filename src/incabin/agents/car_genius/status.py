"""Status answers read from the live vehicle store: numbers never come from the model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from incabin.agents._models import Lang
from incabin.agents.car_genius._actuate import WINDOWS, place_name
from incabin.agents.context import TurnContext
from incabin.agents.speech import join_list, num, t
from incabin.agents.tools import Outcome, tool
from incabin.coach import CoachConfig
from incabin.vehicle import Reading, SignalUnavailable, VehicleError, label

Topic = Literal["battery", "charging", "tyres", "doors", "windows", "temperature", "trip",
                "speed", "lights", "climate", "12v_battery"]

_BATTERY = "Vehicle.Powertrain.TractionBattery."
_LOW_VOLTAGE = "Vehicle.LowVoltageBattery."
_TYRES = {
    "front left": ("Vehicle.Chassis.Axle.Row1.Wheel.Left.Tire", "左前"),
    "front right": ("Vehicle.Chassis.Axle.Row1.Wheel.Right.Tire", "右前"),
    "rear left": ("Vehicle.Chassis.Axle.Row2.Wheel.Left.Tire", "左后"),
    "rear right": ("Vehicle.Chassis.Axle.Row2.Wheel.Right.Tire", "右后"),
}
# A reading older than this is told with its age ("as of 25 minutes ago").
STALE_AFTER_S = 600.0
# Cold pressure the manual recommends for every tyre.
RECOMMENDED_TYRE_KPA = 290.0
LOW_TYRE_MARGIN_KPA = 20.0


def _freshest(ctx: TurnContext, path: str) -> tuple[float, float]:
    """The newest value of the quantity ``path`` carries (a car may report the displayed or
    the physical SoC, the battery or the total range, or both) and its age in seconds."""
    reading = ctx.vehicle.read_freshest(path)
    if not isinstance(reading, Reading):
        raise SignalUnavailable(path, reading.reason.value)
    return reading.value, ctx.vehicle.age(reading)


def _as_of(lang: Lang, seconds: float) -> str:
    """`` (as of 25 minutes ago)`` for a stale reading, else nothing."""
    if seconds < STALE_AFTER_S:
        return ""
    minutes = round(seconds / 60)
    return t(lang, f" (as of {num(minutes)} minutes ago)", f"（{num(minutes)}分钟前的数据）")


def _battery(ctx: TurnContext) -> str:
    soc, soc_age = _freshest(ctx, _BATTERY + "StateOfCharge.Displayed")
    rng, rng_age = _freshest(ctx, "Vehicle.Powertrain.Range")
    rng /= 1000.0
    as_of = _as_of(ctx.lang, max(soc_age, rng_age))
    return t(ctx.lang, f"The battery is at {num(soc)} percent, about {num(rng)} kilometres of range"
                       f"{as_of}.",
             f"电量{num(soc)}%，续航约{num(rng)}公里{as_of}。")


def _low_voltage_battery(ctx: TurnContext) -> str:
    """The 12 V battery (it runs the computers and locks; not the traction battery)."""
    volts = float(ctx.vehicle.get(_LOW_VOLTAGE + "CurrentVoltage"))
    nominal = ctx.vehicle.get(_LOW_VOLTAGE + "NominalVoltage")
    coach = ctx.services.coach
    # the same limit as the coach's low-12 V warning, so the answer and the alert agree
    low = (coach.config if coach is not None else CoachConfig()).low_12v_v
    if volts < low:
        return t(ctx.lang, f"The {num(nominal)}-volt battery is low at {num(volts, 1)} volts. "
                           "Have it checked soon; the car may not start if it drops further.",
                 f"{num(nominal)}伏蓄电池电压偏低，只有{num(volts, 1)}伏。请尽快检查，"
                 "电压再降低车辆可能无法启动。")
    return t(ctx.lang, f"The {num(nominal)}-volt battery is fine at {num(volts, 1)} volts.",
             f"{num(nominal)}伏蓄电池正常，电压{num(volts, 1)}伏。")


def _charging(ctx: TurnContext) -> str:
    limit = ctx.vehicle.get(_BATTERY + "Charging.ChargeLimit")
    if not ctx.vehicle.get(_BATTERY + "Charging.IsCharging"):
        soc, age = _freshest(ctx, _BATTERY + "StateOfCharge.Displayed")
        as_of = _as_of(ctx.lang, age)
        return t(ctx.lang, f"Not charging. Battery at {num(soc)} percent{as_of}, charge limit "
                           f"{num(limit)} percent.",
                 f"没有在充电。电量{num(soc)}%{as_of}，充电上限{num(limit)}%。")
    power = ctx.vehicle.get(_BATTERY + "Charging.AveragePower") or 0
    minutes = ctx.vehicle.get(_BATTERY + "Charging.TimeToComplete") / 60
    return t(ctx.lang, f"Charging at {num(power)} kilowatts, {num(minutes)} minutes to {num(limit)} percent.",
             f"正在以{num(power)}千瓦充电，约{num(minutes)}分钟充到{num(limit)}%。")


def _tyres(ctx: TurnContext) -> str:
    low = []
    readings = {}
    for name, (path, zh) in _TYRES.items():
        kpa = float(ctx.vehicle.get(path + ".Pressure"))
        readings[name] = kpa
        if ctx.vehicle.get(path + ".IsPressureLow") or kpa < RECOMMENDED_TYRE_KPA - LOW_TYRE_MARGIN_KPA:
            low.append((name, zh, kpa))
    if not low:
        values = sorted(readings.values())
        return t(ctx.lang, f"All tyres are fine, between {num(values[0])} and {num(values[-1])} kPa.",
                 f"四个轮胎胎压正常，在{num(values[0])}到{num(values[-1])}千帕之间。")
    parts_en = [f"the {n} tyre is at {num(k)} kPa, {num(RECOMMENDED_TYRE_KPA - k)} below the "
                f"recommended {num(RECOMMENDED_TYRE_KPA)}" for n, _, k in low]
    parts_zh = [f"{zh}轮胎{num(k)}千帕，比推荐的{num(RECOMMENDED_TYRE_KPA)}低{num(RECOMMENDED_TYRE_KPA - k)}"
                for _, zh, k in low]
    return t(ctx.lang, f"Low pressure: {join_list(parts_en, 'en')}. Check and inflate soon.",
             f"胎压偏低：{join_list(parts_zh, 'zh')}。请尽快检查充气。")


_SUNROOF = "Vehicle.Cabin.Sunroof.Position"


def _doors(ctx: TurnContext) -> str:
    open_parts = []
    for row in (1, 2):
        for side, en, zh in (("DriverSide", "left", "左"), ("PassengerSide", "right", "右")):
            if ctx.vehicle.get(f"Vehicle.Cabin.Door.Row{row}.{side}.IsOpen"):
                open_parts.append(t(ctx.lang, f"{'front' if row == 1 else 'rear'} {en} door",
                                    f"{'前' if row == 1 else '后'}{zh}门"))
    for path, en, zh in (("Vehicle.Body.Trunk.Rear.IsOpen", "trunk", "后备箱"),
                         ("Vehicle.Body.Hood.IsOpen", "hood", "引擎盖")):
        if ctx.vehicle.get(path):
            open_parts.append(t(ctx.lang, en, zh))
    locked = ctx.vehicle.get("Vehicle.Cabin.Door.Row1.DriverSide.IsLocked")
    lock = t(ctx.lang, "locked" if locked else "unlocked", "已上锁" if locked else "未上锁")
    if not open_parts:
        return t(ctx.lang, f"All doors, the trunk and the hood are closed, and the car is {lock}.",
                 f"车门、后备箱和引擎盖都已关闭，车辆{lock}。")
    return t(ctx.lang, f"Open: {join_list(open_parts, 'en')}. The car is {lock}.",
             f"未关闭：{join_list(open_parts, 'zh')}。车辆{lock}。")


def _windows(ctx: TurnContext) -> str:
    open_ones = [(n, float(ctx.vehicle.get(p))) for n, p in WINDOWS.items()]
    open_ones = [(n, v) for n, v in open_ones if v > 0]
    roof = _sunroof(ctx)
    if not open_ones:
        closed = t(ctx.lang, "All windows are closed.", "车窗都已关闭。")
        return f"{closed}{' ' if ctx.lang == 'en' and roof else ''}{roof}"
    parts = [t(ctx.lang, f"{place_name(n, 'en')} window {num(v)} percent open",
               f"{place_name(n, 'zh')}车窗开了{num(v)}%") for n, v in open_ones]
    said = t(ctx.lang, f"{join_list(parts, 'en').capitalize()}.", f"{join_list(parts, 'zh')}。")
    return f"{said}{' ' if ctx.lang == 'en' and roof else ''}{roof}"


def _sunroof(ctx: TurnContext) -> str:
    """Where the sunroof is ("" on a car without one): a question about the windows
    may be about the glass overhead too."""
    if ctx.vehicle.has("sunroof") is False:
        return ""
    try:
        position = float(ctx.vehicle.get(_SUNROOF))
    except (VehicleError, TypeError, ValueError):
        return ""
    if position < 0:
        return t(ctx.lang, "The sunroof is tilted.", "天窗处于翘起状态。")
    if position == 0:
        return t(ctx.lang, "The sunroof is closed.", "天窗已关闭。")
    return t(ctx.lang, f"The sunroof is {num(position)} percent open.", f"天窗开了{num(position)}%。")


def _temperature(ctx: TurnContext) -> str:
    cabin = ctx.vehicle.get("Vehicle.Cabin.HVAC.AmbientAirTemperature")
    outside = ctx.vehicle.get("Vehicle.Exterior.AirTemperature")
    target = ctx.vehicle.get("Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature")
    return t(ctx.lang, f"It's {num(cabin, 1)} degrees inside and {num(outside, 1)} outside; "
                       f"the climate is set to {num(target, 1)}.",
             f"车内{num(cabin, 1)}度，车外{num(outside, 1)}度，空调设定{num(target, 1)}度。")


def _trip(ctx: TurnContext) -> str:
    km = ctx.vehicle.get("Vehicle.TraveledDistanceSinceStart") / 1000.0  # VSS 6.0: metres
    minutes = ctx.vehicle.get("Vehicle.TripDuration") / 60.0
    speed = ctx.vehicle.get("Vehicle.AverageSpeed")
    return t(ctx.lang, f"This trip: {num(km, 1)} km in {num(minutes)} minutes, average {num(speed)} km/h.",
             f"本次行程{num(km, 1)}公里，用时{num(minutes)}分钟，平均时速{num(speed)}公里。")


def _speed(ctx: TurnContext) -> str:
    speed = ctx.vehicle.get("Vehicle.Speed")
    return t(ctx.lang, f"We're doing {num(speed)} km/h.", f"当前车速{num(speed)}公里每小时。")


def _lights(ctx: TurnContext) -> str:
    names = [("Vehicle.Body.Lights.Beam.Low.IsOn", "low beams", "近光灯"),
             ("Vehicle.Body.Lights.Beam.High.IsOn", "high beams", "远光灯"),
             ("Vehicle.Body.Lights.Fog.Front.IsOn", "front fog lights", "前雾灯"),
             ("Vehicle.Body.Lights.Fog.Rear.IsOn", "rear fog lights", "后雾灯")]
    on = [t(ctx.lang, en, zh) for path, en, zh in names if ctx.vehicle.get(path)]
    if not on:
        return t(ctx.lang, "All exterior lights are off.", "外部灯光都已关闭。")
    return t(ctx.lang, f"On: {join_list(on, 'en')}.", f"已开启：{join_list(on, 'zh')}。")


def _climate(ctx: TurnContext) -> str:
    hvac = "Vehicle.Cabin.HVAC."
    target = ctx.vehicle.get(hvac + "Station.Row1.Driver.Temperature")
    ac = ctx.vehicle.get(hvac + "IsAirConditioningActive")
    fan = ctx.vehicle.get(hvac + "Station.Row1.Driver.FanSpeed")
    seat = ctx.vehicle.get("Vehicle.Cabin.Seat.Row1.DriverSide.HeatingCooling")
    return t(ctx.lang, f"Set to {num(target, 1)} degrees, A/C {'on' if ac else 'off'}, fan {num(fan)} "
                       f"percent, seat heating {num(seat)} percent.",
             f"设定{num(target, 1)}度，空调{'开' if ac else '关'}，风量{num(fan)}%，座椅加热{num(seat)}%。")


_TOPICS: dict[str, Callable[[TurnContext], str]] = {
    "battery": _battery, "charging": _charging, "tyres": _tyres, "doors": _doors,
    "windows": _windows, "temperature": _temperature, "trip": _trip, "speed": _speed,
    "lights": _lights, "climate": _climate, "12v_battery": _low_voltage_battery,
}


def unreadable(err: VehicleError, lang: Lang) -> str:
    """What the driver hears when a reading fails: the thing in plain words, never a
    VSS path or a status code (``I can't read the fault codes right now.``)."""
    if isinstance(err, SignalUnavailable):
        return t(lang, f"I can't read the {label(err.path)} right now.",
                 f"暂时读取不到{label(err.path, 'zh')}。")
    return t(lang, "I can't read that right now.", "暂时读取不到这项数据。")


@tool
def get_vehicle_status(ctx: TurnContext, topic: Topic) -> Outcome:
    """Answer a question about the car's current state: battery/range, charging, tyres,
    doors, windows, temperature, trip, speed, lights, climate or the 12-volt battery
    (12v_battery, not the drive battery)."""
    try:
        say = _TOPICS[topic](ctx)
    except VehicleError as err:
        return Outcome(ok=False, act="inform", say=unreadable(err, ctx.lang))
    return Outcome(ok=True, act="inform", say=say, data={"topic": topic})
