"""Exterior mirrors (fold, heat) and the heated windscreen."""

from __future__ import annotations

from incabin.agents.car_genius._actuate import actuate_all
from incabin.agents.context import TurnContext
from incabin.agents.speech import join_list, t
from incabin.agents.tools import Outcome, tool

MIRRORS = ("Vehicle.Body.Mirrors.DriverSide", "Vehicle.Body.Mirrors.PassengerSide")
WINDSCREEN_HEATING = "Vehicle.Body.Windshield.Front.IsHeatingOn"


@tool
def set_mirrors(ctx: TurnContext, fold: bool | None = None, heating: bool | None = None) -> Outcome:
    """Fold/unfold the exterior mirrors, or heat them."""
    targets: list[tuple[str, object]] = []
    said = []
    if fold is not None:
        targets += [(m + ".IsFolded", fold) for m in MIRRORS]
        said.append(t(ctx.lang, "mirrors folded" if fold else "mirrors unfolded",
                      "后视镜已折叠" if fold else "后视镜已展开"))
    if heating is not None:
        targets += [(m + ".IsHeatingOn", heating) for m in MIRRORS]
        said.append(t(ctx.lang, f"mirror heating {'on' if heating else 'off'}",
                      f"后视镜加热已{'打开' if heating else '关闭'}"))
    if not targets:
        return Outcome(ok=False, act="clarify", options=(t(ctx.lang, "fold", "折叠"),
                                                          t(ctx.lang, "heat", "加热")),
                       say=t(ctx.lang, "Fold the mirrors or heat them?", "折叠后视镜还是加热后视镜？"))
    text = join_list(said, ctx.lang)
    say = t(ctx.lang, f"{text[0].upper()}{text[1:]}.", f"{text}。")
    return actuate_all(ctx, "set_mirrors", {"fold": fold, "heating": heating}, targets, say)


@tool
def set_windscreen_heating(ctx: TurnContext, on: bool) -> Outcome:
    """The heated windscreen (wires in the front glass) on or off."""
    say = t(ctx.lang, f"Windscreen heating {'on' if on else 'off'}.",
            f"前挡风玻璃加热已{'打开' if on else '关闭'}。")
    return actuate_all(ctx, "set_windscreen_heating", {"on": on}, [(WINDSCREEN_HEATING, on)], say)
