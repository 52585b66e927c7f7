"""Seat ventilation and massage, for one seat, a row or all seats."""

from __future__ import annotations

from typing import Literal

from incabin.agents.car_genius._actuate import SEATS, SeatName, actuate_all, seat_names, seats_said
from incabin.agents.car_genius.climate import SEAT_LEVELS, step_level
from incabin.agents.context import TurnContext
from incabin.agents.speech import join_list, t
from incabin.agents.tools import Outcome, tool

Level = Literal["on", "off", "low", "medium", "high", "up", "down"]


def _chosen(current: int, level: str) -> str:
    """The level a request asks for: "on" keeps a level already on, else medium."""
    if level in ("up", "down"):
        return step_level(current, level)
    if level == "on":
        return "medium" if current == 0 else _level_name(current)
    return level


def _level_name(percent: int) -> str:
    return min(SEAT_LEVELS, key=lambda name: abs(SEAT_LEVELS[name] - percent))


_LEVEL_ZH = {"off": "关闭", "low": "低档", "medium": "中档", "high": "高档"}


@tool
def set_seat_ventilation(ctx: TurnContext, seat: SeatName = "driver",
                         level: Level = "on") -> Outcome:
    """Seat ventilation (cooling) for a seat, a row or all seats."""
    targets = []
    shown = level
    for name in seat_names(seat):
        path = SEATS[name] + ".HeatingCooling"
        current = int(ctx.vehicle.get(path) or 0)
        cooling = -current if current < 0 else 0  # VSS: cooling is HeatingCooling < 0
        chosen = _chosen(cooling, level)
        shown = chosen
        if chosen == "off" and current > 0:
            # Switching ventilation off must not switch the seat heating off with it.
            targets.append((path, current))
            continue
        targets.append((path, -SEAT_LEVELS[chosen]))
    where = seats_said(seat, ctx.lang)
    say = t(ctx.lang, f"Ventilation of the {where} off." if shown == "off"
            else f"Ventilation of the {where} at {shown}.",
            f"{where}通风已{_LEVEL_ZH[shown]}。" if shown == "off" else f"{where}通风已调到{_LEVEL_ZH[shown]}。")
    return actuate_all(ctx, "set_seat_ventilation", {"seat": seat, "level": level}, targets, say)


@tool
def set_seat_massage(ctx: TurnContext, seat: SeatName = "driver", level: Level = "on",
                     program: str | None = None) -> Outcome:
    """Seat massage level and programme for a seat, a row or all seats."""
    targets: list[tuple[str, object]] = []
    shown = level
    for name in seat_names(seat):
        base = SEATS[name] + ".Massage"
        current = int(ctx.vehicle.get(base + ".Level") or 0) if ctx.vehicle.is_available(
            base + ".Level") else 0
        chosen = _chosen(current, level)
        if program is not None and chosen == "off":
            chosen = "medium"  # naming a programme asks for a massage
        shown = chosen
        targets.append((base + ".Level", SEAT_LEVELS[chosen]))
        if program is not None:
            supported = _supported(ctx, base)
            wanted = program.strip().upper()
            if supported and wanted not in supported:
                return Outcome(ok=False, act="clarify", options=tuple(p.lower() for p in supported),
                               say=t(ctx.lang, f"This seat has no {program} massage; it offers "
                                               f"{join_list([p.lower() for p in supported], 'en')}.",
                                     f"这个座椅没有{program}按摩模式，可选："
                                     f"{join_list([p.lower() for p in supported], 'zh')}。"))
            targets.append((base + ".TypeActive", wanted))
    where = seats_said(seat, ctx.lang)
    kind_en = f" ({program.lower()})" if program else ""
    say = t(ctx.lang, f"Massage of the {where} off." if shown == "off"
            else f"Massage of the {where} at {shown}{kind_en}.",
            f"{where}按摩已关闭。" if shown == "off" else f"{where}按摩已调到{_LEVEL_ZH[shown]}。")
    return actuate_all(ctx, "set_seat_massage", {"seat": seat, "level": level, "program": program},
                       targets, say)


def _supported(ctx: TurnContext, base: str) -> tuple[str, ...]:
    """The massage programmes the seat reports (VSS ``Massage.SupportedTypes``)."""
    path = base + ".SupportedTypes"
    if not ctx.vehicle.is_available(path):
        return ()
    return tuple(str(p).upper() for p in ctx.vehicle.get(path) or ())
