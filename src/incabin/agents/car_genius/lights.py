"""Cabin lights: the ambient light (on/off, colour, brightness) and the reading and
dome lights. Colours are VSS hex codes; their names in both languages are the
capability file's (``capabilities/data/ambient_light.yaml``)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import Field

from incabin.agents.car_genius._actuate import actuate_all, lacks, place_name
from incabin.agents.car_genius._actuate import SeatName, seat_names, seats_said
from incabin.agents.capabilities import catalogue
from incabin.agents.context import TurnContext
from incabin.agents.speech import num, t
from incabin.agents.tools import Outcome, tool

_LIGHT = "Vehicle.Cabin.Light."
ZONES = {"driver": "Row1.DriverSide", "passenger": "Row1.PassengerSide",
         "rear_left": "Row2.DriverSide", "rear_right": "Row2.PassengerSide"}
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
BRIGHTNESS_STEP = 10  # percent per "brighter" / "dimmer"


def colour_names() -> dict[str, str]:
    """Every colour word of both languages → its hex code, from the capability file."""
    cap = catalogue().get("set_ambient_light")
    lists = cap.lists if cap is not None else {}
    return {word.lower(): hex_code.upper() for lang in ("en", "zh")
            for hex_code, words in lists.get(lang, {}).get("colour", {}).items() for word in words}


def colour_name(code: str, lang: str) -> str | None:
    """The first name the capability file gives the colour ``code`` in ``lang``."""
    cap = catalogue().get("set_ambient_light")
    names = (cap.lists if cap is not None else {}).get(lang, {}).get("colour", {})  # type: ignore[call-overload]
    return next((words[0] for hex_code, words in names.items()
                 if hex_code.upper() == code.upper() and words), None)


def _colour_said(code: str, text: str) -> bool:
    """Some name of ``code`` (or the code itself) is in the driver's words."""
    said = text.casefold()
    return code.casefold() in said or any(
        word in said for word, hex_code in colour_names().items() if hex_code == code)


def colour_code(colour: str) -> str | None:
    """``#RRGGBB`` for a hex code or a colour name of either language; None if unknown."""
    colour = colour.strip()
    if _HEX.match(colour):
        return colour.upper()
    return colour_names().get(colour.lower())


def _zones(ctx: TurnContext) -> list[str]:
    """The ambient-light zones this car has."""
    return [z for z in ZONES.values()
            if ctx.vehicle.is_available(f"{_LIGHT}AmbientLight.{z}.IsLightOn")] or [ZONES["driver"]]


@tool
def set_ambient_light(
    ctx: TurnContext,
    on: bool | None = None,
    colour: Annotated[str | None, Field(description="name or #RRGGBB")] = None,
    brightness: Annotated[int | None, Field(description="percent")] = None,
    brightness_step: Literal["up", "down"] | None = None,
) -> Outcome:
    """Ambient (mood) light: on/off, colour, brightness."""
    missing = lacks(ctx, "ambient_light", "ambient lighting", "氛围灯")
    if missing is not None:
        return missing
    code = None
    if colour is not None:
        code = colour_code(colour)
        if code is not None and not _colour_said(code, ctx.text):
            # A colour the driver did not say (a model's guess for "change the colour").
            return Outcome(ok=False, act="clarify", say=t(
                ctx.lang, "Which colour would you like?", "您想要什么颜色？"))
        if code is None:
            known = sorted({w for w in colour_names() if w.isascii()})[:8] if ctx.lang == "en" else sorted(
                {w for w in colour_names() if not w.isascii()})[:8]
            return Outcome(ok=False, act="refuse", say=t(
                ctx.lang, f"I don't know the colour {colour}, so I haven't changed anything. "
                          f"I know colours such as {', '.join(known)}.",
                f"我不认识“{colour}”这个颜色，所以什么都没改。可以说：{'、'.join(known)}。"))
    zones = _zones(ctx)
    if brightness_step == "down" and on is None and code is None:
        # Dimmer than off is off: a zone that is off is not switched on to be dimmed.
        zones = [z for z in zones if ctx.vehicle.get(f"{_LIGHT}AmbientLight.{z}.IsLightOn")]
        if not zones:
            return Outcome(ok=True, act="inform", say=t(
                ctx.lang, "The ambient lighting is already off.", "氛围灯本来就是关着的。"))
    if brightness_step is not None and brightness is None:
        current = int(ctx.vehicle.get(f"{_LIGHT}AmbientLight.{zones[0]}.Intensity") or 50)
        brightness = max(1, min(100, current + (BRIGHTNESS_STEP if brightness_step == "up"
                                                else -BRIGHTNESS_STEP)))
    if on is None and code is None and brightness is None:
        # "Change the ambient colour": which one is the driver's to say, not a guess.
        return Outcome(ok=False, act="clarify", say=t(
            ctx.lang, "Which colour would you like for the ambient light?", "氛围灯要什么颜色？"))
    if on is None:
        on = True  # a colour or a brightness asks to see it
    targets: list[tuple[str, object]] = []
    for zone in zones:
        base = f"{_LIGHT}AmbientLight.{zone}."
        targets.append((base + "IsLightOn", on))
        if on and code is not None:
            targets.append((base + "Color", code))
        if on and brightness is not None:
            targets.append((base + "Intensity", brightness))
    if not on:
        say = t(ctx.lang, "Ambient lighting off.", "氛围灯已关闭。")
    else:
        said_en = ["Ambient lighting on"]
        said_zh = ["氛围灯已打开"]
        if code is not None:
            name = colour_name(code, ctx.lang) or code
            said_en.append(f"in {name}")
            said_zh.append(f"颜色{name}")
        if brightness is not None:
            said_en.append(f"at {num(brightness)} percent")
            said_zh.append(f"亮度{num(brightness)}%")
        say = t(ctx.lang, " ".join(said_en) + ".", "，".join(said_zh) + "。")
    return actuate_all(ctx, "set_ambient_light", {"on": on, "colour": colour,
                                                  "brightness": brightness,
                                                  "brightness_step": None}, targets, say)


@tool
def set_cabin_lights(ctx: TurnContext, light: Literal["reading", "dome"] = "reading",
                     seat: SeatName = "driver", on: bool = True) -> Outcome:
    """A seat's reading light, or the dome light, on or off."""
    if light == "dome":
        say = t(ctx.lang, f"Dome light {'on' if on else 'off'}.", f"顶灯已{'打开' if on else '关闭'}。")
        return actuate_all(ctx, "set_cabin_lights", {"light": light, "on": on},
                           [(_LIGHT + "IsDomeOn", on)], say)
    targets = [(f"{_LIGHT}Spotlight.{ZONES[name]}.IsLightOn", on) for name in seat_names(seat)]
    if seat in ZONES:
        where_en, where_zh = f"{place_name(seat, 'en')} reading light", f"{place_name(seat, 'zh')}阅读灯"
    else:
        where_en = seats_said(seat, "en").replace("seats", "reading lights")
        where_zh = seats_said(seat, "zh").replace("座椅", "阅读灯")
    say = t(ctx.lang, f"The {where_en} {'on' if on else 'off'}.".capitalize(),
            f"{where_zh}已{'打开' if on else '关闭'}。")
    return actuate_all(ctx, "set_cabin_lights", {"light": light, "seat": seat, "on": on},
                       targets, say)
