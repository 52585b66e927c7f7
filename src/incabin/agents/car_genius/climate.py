"""Climate tools: temperature, seats, steering wheel, A/C, fan, defrosters."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from incabin.agents.car_genius._actuate import (
    SEAT_GROUPS, SEATS, SeatName, actuate_all, place_name, seat_names, seats_said)
from incabin.agents.context import TurnContext
from incabin.agents.learning import after_correction, note_default
from incabin.agents.speech import join_list, num, t
from incabin.agents.tools import Outcome, tool

_STATIONS = {
    "driver": "Vehicle.Cabin.HVAC.Station.Row1.Driver.Temperature",
    "passenger": "Vehicle.Cabin.HVAC.Station.Row1.Passenger.Temperature",
    "rear_left": "Vehicle.Cabin.HVAC.Station.Row2.Driver.Temperature",
    "rear_right": "Vehicle.Cabin.HVAC.Station.Row2.Passenger.Temperature",
}
SEAT_LEVELS = {"off": 0, "low": 33, "medium": 66, "high": 100}
FAN_LOWEST = 10
DEFAULT_COLD_STEP = 2.0  # °C, when the driver says they are cold and has no preference

Zone = Literal["driver", "passenger", "front", "rear", "rear_left", "rear_right", "all"]


def _zones(ctx: TurnContext, zone: str) -> list[str]:
    """The climate stations of ``zone``: "all" is every zone this car has (the rear ones
    only with rear climate)."""
    rear = ["rear_left", "rear_right"]
    if zone == "all":
        return ["driver", "passenger", *(rear if ctx.vehicle.has("rear_climate") else ())]
    return {"rear": rear, "front": ["driver", "passenger"]}.get(zone, [zone])


@tool
def set_temperature(
    ctx: TurnContext,
    celsius: Annotated[float | None, Field(description="target in °C")] = None,
    change: Annotated[float | None, Field(description="relative change in °C, e.g. -1")] = None,
    zone: Zone | None = None,
    than: Annotated[Literal["driver", "passenger"] | None,
                    Field(description="the change is from this zone's temperature")] = None,
) -> Outcome:
    """Set the cabin temperature: an absolute value or a relative change (from another
    zone's temperature with ``than``: "her side two degrees cooler than mine")."""
    chosen: Zone = zone or ctx.memory.last_climate_zone  # type: ignore[assignment]
    ctx.memory.last_climate_zone = chosen
    if celsius is None and change is None:
        preferred = ctx.driver.get("climate.temperature")
        if preferred is None:
            return Outcome(ok=False, act="clarify", say=t(
                ctx.lang, "What temperature would you like?", "您想要多少度？"))
        celsius = float(preferred)
    targets = []
    for z in _zones(ctx, chosen):
        base = _STATIONS[than if than is not None and than != z else z]
        target = celsius if celsius is not None else round(
            float(ctx.vehicle.get(base)) + (change or 0.0), 1)
        targets.append((_STATIONS[z], target))
    value = targets[0][1]
    if chosen == "driver":
        where_en, where_zh = "", ""
    elif chosen == "all":
        where_en, where_zh = " for everyone", "全车"
    else:
        where_en, where_zh = f" for the {place_name(chosen, 'en')}", place_name(chosen, "zh")
    say = t(ctx.lang, f"Temperature set to {num(value, 1)} degrees{where_en}.",
            f"{where_zh}温度已调到{num(value, 1)}度。")
    outcome = actuate_all(ctx, "set_temperature",
                          {"celsius": celsius, "change": change, "zone": chosen, "than": than},
                          targets, say)
    if chosen != "driver":
        return outcome
    return after_correction(ctx, "climate.temperature", value, outcome)


@tool
def adjust_comfort(ctx: TurnContext, feeling: Literal["cold", "hot"],
                   zone: Literal["driver", "passenger", "front", "rear", "rear_left", "rear_right"] = "driver",
                   ) -> Outcome:
    """The driver (or a passenger, in front or behind) feels cold or hot: warm up or cool
    down their side."""
    if zone != "driver":
        # The stored preferences are the driver's: another side moves one step.
        step = DEFAULT_COLD_STEP if feeling == "cold" else -DEFAULT_COLD_STEP
        sides = [(_STATIONS[z], float(ctx.vehicle.get(_STATIONS[z])) + step) for z in _zones(ctx, zone)]
        value = sides[0][1]
        return actuate_all(ctx, "adjust_comfort", {"feeling": feeling, "zone": zone}, sides,
                           t(ctx.lang, f"Temperature set to {num(value, 1)} degrees for the "
                                       f"{place_name(zone, 'en')}.",
                             f"已将{place_name(zone, 'zh')}温度调到{num(value, 1)}度。"))
    current = float(ctx.vehicle.get(_STATIONS["driver"]))
    preferred = ctx.driver.get("climate.temperature")
    step = DEFAULT_COLD_STEP if feeling == "cold" else -DEFAULT_COLD_STEP
    target = float(preferred) if preferred is not None else current + step
    if preferred is not None and (target - current) * step <= 0:
        target = current + step  # the preference is already set and still uncomfortable
    if preferred is None:
        note_default(ctx, "climate.temperature", target)
    targets = [(_STATIONS["driver"], target)]
    said = [t(ctx.lang, f"temperature to {num(target, 1)} degrees", f"温度调到{num(target, 1)}度")]
    seat = ctx.driver.get("climate.seat_heating")
    if feeling == "cold" and seat:
        targets.append((SEATS["driver"] + ".HeatingCooling", int(seat)))
        said.append(t(ctx.lang, f"seat heating to {num(seat)} percent", f"座椅加热{num(seat)}%"))
    say = t(ctx.lang, f"I've set the {join_list(said, 'en')}.", f"已将{join_list(said, 'zh')}。")
    return actuate_all(ctx, "adjust_comfort", {"feeling": feeling}, targets, say)


@tool
def set_seat(
    ctx: TurnContext,
    seat: SeatName = "driver",
    heating: Literal["on", "off", "low", "medium", "high", "up", "down"] | None = None,
    heating_percent: Annotated[int | None, Field(description="0-100")] = None,
    massage: bool | None = None,
) -> Outcome:
    """Seat heating (on, off/low/medium/high, one step up or down, or a percent) and massage
    for a seat, a row or all seats."""
    targets = []
    said: list[str] = []
    preferred = ctx.driver.get("climate.seat_heating")
    shown: set[str] = set()  # how each seat's level is said: "medium", "40 percent"
    for name in seat_names(seat):
        base = SEATS[name]
        chosen = heating
        if heating in ("up", "down"):  # each seat one step from its own level
            chosen = step_level(int(ctx.vehicle.get(base + ".HeatingCooling") or 0), heating)
        if heating_percent is not None:
            level: int | None = heating_percent
        elif chosen not in (None, "on"):
            level = SEAT_LEVELS[chosen]
        elif chosen == "on" or massage is None:
            # On with no level, or nothing said: the driver's preferred level, else medium.
            level = int(preferred) if preferred is not None else SEAT_LEVELS["medium"]
        else:
            level = None  # massage only
        if level is not None:
            targets.append((base + ".HeatingCooling", level))
            shown.add(chosen if chosen in SEAT_LEVELS and heating_percent is None
                      else f"{num(level)} percent")
        if massage is not None:
            targets.append((base + ".Massage.Level", 50 if massage else 0))
    levels = sorted({level for path, level in targets if path.endswith("HeatingCooling")})
    if levels:
        en = "seat heating off" if levels == [0] else f"seat heating {' and '.join(sorted(shown))}"
        said.append(t(ctx.lang, en, "座椅加热已关闭" if levels == [0] else
                      f"座椅加热{'、'.join(f'{num(level)}%' for level in levels)}"))
    if massage is not None:
        said.append(t(ctx.lang, "massage on" if massage else "massage off",
                      "按摩已开启" if massage else "按摩已关闭"))
    say = t(ctx.lang, f"{join_list(said, 'en').capitalize()}.", f"{join_list(said, 'zh')}。")
    if seat != "driver":
        if seat in SEAT_GROUPS:  # "Seat heating medium on the front seats.", "前排座椅加热66%。"
            who = seats_said(seat, ctx.lang)
            say = t(ctx.lang, f"{join_list(said, 'en').capitalize()} on the {who}.",
                    f"{who}{join_list(said, 'zh').removeprefix('座椅')}。")
        else:
            who = place_name(seat, ctx.lang)
            say = t(ctx.lang, f"The {who} {join_list(said, 'en')}.", f"{who}{join_list(said, 'zh')}。")
    return actuate_all(ctx, "set_seat", {"seat": seat, "heating": heating,
                                         "heating_percent": heating_percent, "massage": massage},
                       targets, say)


def step_level(current: int, direction: str) -> str:
    """The seat level (heating, ventilation, massage) one step up or down from ``current``
    percent."""
    names = list(SEAT_LEVELS)
    here = min(range(len(names)), key=lambda i: abs(SEAT_LEVELS[names[i]] - current))
    there = min(len(names) - 1, here + 1) if direction == "up" else max(0, here - 1)
    return names[there]


@tool
def set_steering_heating(ctx: TurnContext, on: bool) -> Outcome:
    """Switch the steering-wheel heating on or off."""
    say = t(ctx.lang, f"Steering wheel heating {'on' if on else 'off'}.",
            f"方向盘加热已{'开启' if on else '关闭'}。")
    return actuate_all(ctx, "set_steering_heating", {"on": on},
                       [("Vehicle.Chassis.SteeringWheel.HeatingCooling", 100 if on else 0)], say)


@tool
def set_climate(
    ctx: TurnContext,
    ac: bool | None = None,
    fan_percent: Annotated[int | None, Field(description="0-100")] = None,
    fan_change: Annotated[int | None, Field(
        description="relative change of the fan in percent: 10 for a bit more air, -10 for less")] = None,
    recirculation: bool | None = None,
    front_defrost: bool | None = None,
    rear_defrost: bool | None = None,
) -> Outcome:
    """A/C, fan speed (percent, or a change in percent), air recirculation and the front/rear
    defrosters."""
    hvac = "Vehicle.Cabin.HVAC."
    targets: list[tuple[str, object]] = []
    said = []
    if fan_change and fan_percent is None:
        fan = int(ctx.vehicle.get(hvac + "Station.Row1.Driver.FanSpeed") or 0)
        # Less air never means more: below the lowest step a decrease stays where it is.
        fan_percent = (max(min(fan, FAN_LOWEST), fan + fan_change) if fan_change < 0
                       else min(100, max(FAN_LOWEST, fan + fan_change)))
    if front_defrost is not None:
        targets.append((hvac + "IsFrontDefrosterActive", front_defrost))
        said.append(t(ctx.lang, f"front defroster {'on' if front_defrost else 'off'}",
                      f"前除霜{'已开启' if front_defrost else '已关闭'}"))
    if rear_defrost is not None:
        targets.append((hvac + "IsRearDefrosterActive", rear_defrost))
        said.append(t(ctx.lang, f"rear defroster {'on' if rear_defrost else 'off'}",
                      f"后除霜{'已开启' if rear_defrost else '已关闭'}"))
    if ac is not None:
        targets.append((hvac + "IsAirConditioningActive", ac))
        said.append(t(ctx.lang, f"A/C {'on' if ac else 'off'}", f"空调{'已打开' if ac else '已关闭'}"))
    if fan_percent is not None:
        targets.append((hvac + "Station.Row1.Driver.FanSpeed", fan_percent))
        said.append(t(ctx.lang, f"fan at {num(fan_percent)} percent", f"风量{num(fan_percent)}%"))
    if recirculation is not None:
        targets.append((hvac + "IsRecirculationActive", recirculation))
        said.append(t(ctx.lang, f"recirculation {'on' if recirculation else 'off'}",
                      f"内循环{'已开启' if recirculation else '已关闭'}"))
    if not targets:
        return Outcome(ok=False, act="clarify", say=t(
            ctx.lang, "What should I change on the climate?", "您想调整空调的哪一项？"))
    text = join_list(said, ctx.lang)
    say = t(ctx.lang, f"{text[0].upper()}{text[1:]}.", f"{text}。")
    return actuate_all(ctx, "set_climate", {"ac": ac, "fan_percent": fan_percent, "fan_change": None,
                                            "recirculation": recirculation,
                                            "front_defrost": front_defrost,
                                            "rear_defrost": rear_defrost}, targets, say)
