"""Turning the vehicle layer's ActionResults into what the driver hears."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from incabin.agents._models import Lang
from incabin.agents.context import TurnContext
from incabin.agents.speech import t
from incabin.agents.tools import Outcome, Pending
from incabin.vehicle import ActionResult, ActionStatus

# Chinese for the vehicle layer's refusal reasons (its messages are English).
_REASON_ZH = {
    "UNSAFE_WHILE_MOVING": "行驶中不能打开，请先停车。",
    "SUNSHADE_CLOSED": "遮阳帘未打开，无法打开天窗。",
    "FOG_LIGHTS_ON": "雾灯开启时不能打开远光灯。",
    "OUT_OF_RANGE": "这个数值超出了允许范围。",
    "NOT_AVAILABLE": "这辆车没有这个功能。",
    "RAIN": "正在下雨，确定要打开吗？",
    "AC_ENERGY": "空调开着，车窗开得太大会多耗电，确定吗？",
}

SEATS = {
    "driver": "Vehicle.Cabin.Seat.Row1.DriverSide",
    "passenger": "Vehicle.Cabin.Seat.Row1.PassengerSide",
    "rear_left": "Vehicle.Cabin.Seat.Row2.DriverSide",
    "rear_right": "Vehicle.Cabin.Seat.Row2.PassengerSide",
}
WINDOWS = {
    "driver": "Vehicle.Cabin.Door.Row1.DriverSide.Window.Position",
    "passenger": "Vehicle.Cabin.Door.Row1.PassengerSide.Window.Position",
    "rear_left": "Vehicle.Cabin.Door.Row2.DriverSide.Window.Position",
    "rear_right": "Vehicle.Cabin.Door.Row2.PassengerSide.Window.Position",
}
PLACE_NAMES = {
    "driver": ("driver's", "主驾"),
    "passenger": ("passenger", "副驾"),
    "rear_left": ("rear left", "左后"),
    "rear_right": ("rear right", "右后"),
}


def place_name(key: str, lang: Lang) -> str:
    """The spoken name of a seat or window position."""
    en, zh = PLACE_NAMES[key]
    return t(lang, en, zh)


def reason_text(result: ActionResult, lang: Lang) -> str:
    """Why an actuation did not happen, in the driver's language."""
    if lang == "zh":
        return _REASON_ZH.get(result.reason or "", "出于安全规则，现在不能这样做。")
    return result.message


def actuate_all(ctx: TurnContext, tool: str, arguments: dict[str, Any],
                targets: Sequence[tuple[str, Any]], done_say: str) -> Outcome:
    """Command every (path, value) in order; stop at the first that is not done.

    The rules run for each target before anything moves, so a refusal leaves the
    car as it was. A target that needs the driver's consent becomes a ``confirm``
    whose yes re-runs the same tool call with consent given.
    """
    results: list[ActionResult] = []
    for path, value in targets:
        result = ctx.vehicle.actuate(path, value, confirmed=ctx.confirmed)
        results.append(result)
        if result.status == ActionStatus.NEEDS_CONFIRMATION:
            question = reason_text(result, ctx.lang)
            return Outcome(ok=True, say=question, act="confirm", data=_data(results),
                           pending=Pending(tool, arguments))
        if result.status not in (ActionStatus.DONE, ActionStatus.PARTIAL):
            return Outcome(ok=False, say=reason_text(result, ctx.lang), act="refuse",
                           data=_data(results))
    return Outcome(ok=True, say=done_say, act="done", data=_data(results))


def _data(results: list[ActionResult]) -> list[dict[str, Any]]:
    return [
        {"path": r.path, "value": r.value, "status": str(r.status), "reason": r.reason,
         "changes": [{"path": c.path, "old": c.old, "new": c.new} for c in r.changes]}
        for r in results
    ]
