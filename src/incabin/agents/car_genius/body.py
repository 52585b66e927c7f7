"""Body tools: windows, sunroof, lights, trunk/hood/charge port, locks, charge limit, wipers."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from incabin.agents.car_genius._actuate import WINDOWS, actuate_all, place_name
from incabin.agents.context import TurnContext
from incabin.agents.speech import num, t
from incabin.agents.tools import Outcome, Pending, tool

WindowName = Literal["driver", "passenger", "rear_left", "rear_right", "front", "rear", "all", "any"]
WiperMode = Literal["OFF", "SLOW", "MEDIUM", "FAST", "INTERVAL", "RAIN_SENSOR"]
_GROUPS = {"all": list(WINDOWS), "front": ["driver", "passenger"], "rear": ["rear_left", "rear_right"]}
VENT_PERCENT = 10


@tool
def set_window(
    ctx: TurnContext,
    window: WindowName = "any",
    action: Literal["open", "close", "vent"] = "open",
    percent: Annotated[int | None, Field(description="how far open, 0-100")] = None,
    change: Annotated[int | None, Field(
        description="relative change in percent: 20 opens 20 more, -20 closes 20")] = None,
) -> Outcome:
    """Open, close or vent a window (or the front/rear pair, or all), or move it by
    ``change``; "any" when the driver did not say which."""
    target = 0 if action == "close" else VENT_PERCENT if action == "vent" else 100
    if percent is not None:
        target = percent  # "close it to 10 %" leaves it open 10 %
    # Where each window is going: one still moving counts from its commanded target.
    positions = {name: float(ctx.vehicle.target(path)) for name, path in WINDOWS.items()}
    if change is not None:
        # Relative to where each window is; "any" is the one window already part open.
        action = "open" if change > 0 else "close"
        target = 100 if change > 0 else 0
    if window in _GROUPS:
        names = _GROUPS[window]
    elif window != "any":
        names = [window]
    elif action == "close" and change is None:
        names = [n for n, p in positions.items() if p > 0]
        if not names:
            return Outcome(ok=True, act="inform", say=t(
                ctx.lang, "All windows are already closed.", "车窗都已经关好了。"))
    else:
        # Context first: if exactly one window is partly open, that is the one meant.
        partly = [n for n, p in positions.items() if 0 < p < (target if change is None else 100)]
        if len(partly) == 1:
            names = partly
        else:
            options = [place_name(n, ctx.lang) for n in WINDOWS]
            labels = [t(ctx.lang, f"{o} window", f"{o}车窗") for o in options]
            return Outcome(
                ok=True, act="clarify", options=tuple(labels),
                say=t(ctx.lang, "Which window: driver's, passenger, rear left or rear right?",
                      "打开哪个车窗：主驾、副驾、左后还是右后？"),
                pending=Pending("set_window", {"action": action, "percent": percent,
                                               "change": change},
                                choice_argument="window",
                                choices=dict(zip(labels, WINDOWS))),
            )
    moved = {n: target if change is None else min(100.0, max(0.0, positions[n] + change))
             for n in names}
    targets = [(WINDOWS[n], moved[n]) for n in names]
    target = moved[names[0]] if len({*moved.values()}) == 1 else target
    who = t(ctx.lang, "All windows", "所有车窗") if len(names) == 4 else (
        t(ctx.lang, f"The {place_name(names[0], 'en')} window", f"{place_name(names[0], 'zh')}车窗")
        if len(names) == 1 else t(ctx.lang, f"The {window} windows", f"{'前排' if window == 'front' else '后排'}车窗")
        if window in ("front", "rear") else t(ctx.lang, "The windows", "车窗"))
    if target == 0:
        say = t(ctx.lang, f"{who} closed.", f"{who}已关闭。")
    elif target == 100:
        say = t(ctx.lang, f"{who} opened.", f"{who}已打开。")
    elif action == "close":
        say = t(ctx.lang, f"{who} closed to {num(target)} percent open.", f"{who}已关到{num(target)}%。")
    else:
        say = t(ctx.lang, f"{who} opened to {num(target)} percent.", f"{who}已打开到{num(target)}%。")
    arguments = {"window": window, "action": action, "percent": percent}
    return actuate_all(ctx, "set_window", arguments | ({"change": change} if change else {}),
                       targets, say)


@tool
def set_sunroof(ctx: TurnContext, action: Literal["open", "close", "tilt"],
                percent: Annotated[int | None, Field(description="how far open, 0-100")] = None
                ) -> Outcome:
    """Open (fully, or ``percent`` of the way), close or tilt the sunroof."""
    if percent is not None and action == "open":
        # Part of the way is a position; VSS's switch only knows the ends.
        return actuate_all(ctx, "set_sunroof", {"action": action, "percent": percent},
                           [("Vehicle.Cabin.Sunroof.Position", percent)],
                           t(ctx.lang, f"Opening the sunroof to {num(percent)} percent.",
                             f"正在把天窗打开到{num(percent)}%。"))
    switch = {"open": "OPEN", "close": "CLOSE", "tilt": "TILT_UP"}[action]
    say = t(ctx.lang, {"open": "Opening the sunroof.", "close": "Closing the sunroof.",
                       "tilt": "Tilting the sunroof."}[action],
            {"open": "正在打开天窗。", "close": "正在关闭天窗。", "tilt": "天窗已翘起。"}[action])
    return actuate_all(ctx, "set_sunroof", {"action": action},
                       [("Vehicle.Cabin.Sunroof.Switch", switch)], say)


@tool
def set_sunroof_shade(ctx: TurnContext, action: Literal["open", "close"]) -> Outcome:
    """Open (roll back) or close (draw across) the sunroof's sunshade."""
    # VSS: a shade's 0 % is rolled away (open), 100 % drawn across (closed).
    say = t(ctx.lang, {"open": "Opening the sunshade.", "close": "Closing the sunshade."}[action],
            {"open": "正在拉开天窗遮阳帘。", "close": "正在拉上天窗遮阳帘。"}[action])
    return actuate_all(ctx, "set_sunroof_shade", {"action": action},
                       [("Vehicle.Cabin.Sunroof.Shade.Position", 0 if action == "open" else 100)], say)


_LIGHTS = {
    "low_beam": ("Vehicle.Body.Lights.Beam.Low.IsOn", "low beams", "近光灯"),
    "high_beam": ("Vehicle.Body.Lights.Beam.High.IsOn", "high beams", "远光灯"),
    "fog_front": ("Vehicle.Body.Lights.Fog.Front.IsOn", "front fog lights", "前雾灯"),
    "fog_rear": ("Vehicle.Body.Lights.Fog.Rear.IsOn", "rear fog lights", "后雾灯"),
    "hazard": ("Vehicle.Body.Lights.Hazard.IsSignaling", "hazard lights", "双闪"),
}


@tool
def set_lights(ctx: TurnContext,
               light: Literal["low_beam", "high_beam", "fog_front", "fog_rear", "hazard"],
               on: bool) -> Outcome:
    """Switch exterior lights on or off."""
    path, en, zh = _LIGHTS[light]
    say = t(ctx.lang, f"{en.capitalize()} {'on' if on else 'off'}.",
            f"{zh}已{'打开' if on else '关闭'}。")
    return actuate_all(ctx, "set_lights", {"light": light, "on": on}, [(path, on)], say)


_CLOSURES = {
    "trunk": ("Vehicle.Body.Trunk.Rear.IsOpen", "trunk", "后备箱"),
    "frunk": ("Vehicle.Body.Trunk.Front.IsOpen", "front trunk", "前备箱"),
    "hood": ("Vehicle.Body.Hood.IsOpen", "hood", "引擎盖"),
    "charge_port": ("Vehicle.Powertrain.TractionBattery.Charging.ChargingPort.AnyPosition.IsFlapOpen",
                    "charge port", "充电口盖"),
    "driver_door": ("Vehicle.Cabin.Door.Row1.DriverSide.IsOpen", "driver's door", "主驾车门"),
    "passenger_door": ("Vehicle.Cabin.Door.Row1.PassengerSide.IsOpen", "passenger door", "副驾车门"),
}


@tool
def set_closure(ctx: TurnContext,
                part: Literal["trunk", "frunk", "hood", "charge_port", "driver_door", "passenger_door"],
                open: bool) -> Outcome:
    """Open or close the trunk, front trunk, hood, charge port or a door."""
    path, en, zh = _CLOSURES[part]
    say = t(ctx.lang, f"The {en} is {'open' if open else 'closed'}.",
            f"{zh}已{'打开' if open else '关闭'}。")
    return actuate_all(ctx, "set_closure", {"part": part, "open": open}, [(path, open)], say)


@tool
def set_locks(ctx: TurnContext, locked: bool) -> Outcome:
    """Lock or unlock all doors."""
    paths = [f"Vehicle.Cabin.Door.Row{r}.{s}.IsLocked" for r in (1, 2)
             for s in ("DriverSide", "PassengerSide")]
    say = t(ctx.lang, "Doors locked." if locked else "Doors unlocked.",
            "车门已上锁。" if locked else "车门已解锁。")
    return actuate_all(ctx, "set_locks", {"locked": locked}, [(p, locked) for p in paths], say)


@tool
def set_charge_limit(
    ctx: TurnContext,
    percent: Annotated[int | None, Field(description="the new limit, 50-100")] = None,
    change: Annotated[int | None, Field(description="relative change in percent, e.g. -10")] = None,
) -> Outcome:
    """Set the battery charge limit in percent, or change it by some percent."""
    if percent is None:
        if change is None:
            return Outcome(ok=False, act="clarify", say=t(
                ctx.lang, "What charge limit would you like?", "充电上限设为多少？"))
        current = ctx.vehicle.get("Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit")
        percent = int(current or 0) + change
    say = t(ctx.lang, f"Charge limit set to {percent} percent.", f"充电上限已设为{percent}%。")
    return actuate_all(ctx, "set_charge_limit", {"percent": percent, "change": None},
                       [("Vehicle.Powertrain.TractionBattery.Charging.ChargeLimit", percent)], say)


_WIPERS = "Vehicle.Body.Windshield.Front.Wiping.Mode"
# Slowest to fastest; the rain sensor wipes at about the normal speed.
_WIPER_SPEEDS: tuple[WiperMode, ...] = ("OFF", "INTERVAL", "SLOW", "MEDIUM", "FAST")


def _wiper_step(current: str, way: str) -> WiperMode:
    """The speed one step ``way`` ("faster"/"slower") from ``current``; slower stops
    at the interval wipe rather than switching the wipers off."""
    now = _WIPER_SPEEDS.index(current) if current in _WIPER_SPEEDS else _WIPER_SPEEDS.index("MEDIUM")
    step = now + 1 if way == "faster" else now - 1
    return _WIPER_SPEEDS[min(max(step, 1), len(_WIPER_SPEEDS) - 1)]


_WIPER_MODES_ZH = {"SLOW": "慢速", "MEDIUM": "中速", "FAST": "快速", "INTERVAL": "间歇",
                   "RAIN_SENSOR": "自动（雨量感应）"}


@tool
def set_wipers(ctx: TurnContext,
               mode: WiperMode | Literal["faster", "slower"]) -> Outcome:
    """Set the front wipers' mode, or one speed faster or slower than now."""
    if mode in ("faster", "slower"):
        mode = _wiper_step(str(ctx.vehicle.get(_WIPERS) or "OFF"), mode)
    say = t(ctx.lang, "Wipers off." if mode == "OFF" else f"Wipers set to {mode.lower().replace('_', ' ')}.",
            "雨刷已关闭。" if mode == "OFF" else f"雨刷已调到{_WIPER_MODES_ZH[mode]}。")
    return actuate_all(ctx, "set_wipers", {"mode": mode},
                       [(_WIPERS, mode)], say)
