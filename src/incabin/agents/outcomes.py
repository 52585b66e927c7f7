"""What the driver hears about a batch of writes: committed (with every side effect
a rule caused), refused with the reason in the driver's language, held for a yes,
or already in place.

Shared by the cabin tools (a direct call) and the turn plan (a whole turn).
"""

from __future__ import annotations

from typing import Any

from incabin.agents._models import Lang
from incabin.agents.context import TurnContext
from incabin.agents.speech import join_list, t
from incabin.agents.tools import Outcome, Pending
from incabin.vehicle import ActionStatus, BatchResult, ChangeKind, label

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


def reason_text(reason: str | None, message: str, lang: Lang, path: str | None = None) -> str:
    """Why an actuation did not happen, in the driver's language; a part the car lacks
    is named ("这辆车没有主驾座椅按摩。")."""
    if lang != "zh":
        return message
    if reason == "NOT_AVAILABLE" and path is not None:
        return f"这辆车没有{label(path, 'zh')}。"
    return _REASON_ZH.get(reason or "", "出于安全规则，现在不能这样做。")


def outcome_of(ctx: TurnContext, result: BatchResult, done_say: str, pending: Pending) -> Outcome:
    """The Outcome of a committed (or refused, or held) batch of writes."""
    data = changes_data(result)
    if result.status == ActionStatus.NEEDS_CONFIRMATION:
        question = result.questions[0]
        return Outcome(ok=True, act="confirm", data=data, pending=pending,
                       say=reason_text(question.reason, question.message, ctx.lang))
    if result.status in (ActionStatus.DONE, ActionStatus.PARTIAL):
        extra = side_effects(result, ctx.lang)
        return Outcome(ok=True, act="done", data=data, say=f"{done_say} {extra}".strip())
    refusal = result.refusals[0] if result.refusals else None
    reason = refusal.reason if refusal else result.reason
    message = refusal.message if refusal else result.message
    return Outcome(ok=False, act="refuse", data=data,
                   say=reason_text(reason, message, ctx.lang, refusal.path if refusal else None))


def side_effects(result: BatchResult, lang: Lang) -> str:
    """What the safety rules changed beyond the request, as one sentence ("" if nothing)."""
    said = []
    for change in result.changes:
        if change.kind != ChangeKind.SIDE_EFFECT:
            continue
        if change.old == change.new and change.overridden is None:
            continue
        name = label(change.path, lang)
        if change.path.endswith(("Window.Position", "Sunroof.Position")) and change.new == 0:
            said.append(t(lang, f"closed the {name}", f"关上了{name}"))
        elif change.path.endswith("Shade.Position") and change.new in (0, 100):
            # A shade's 0 % is rolled away: "set the sunshade to 0 percent" says it backwards.
            opened = change.new == 0
            said.append(t(lang, f"{'opened' if opened else 'closed'} the {name}",
                          f"{'打开' if opened else '关上'}了{name}"))
        elif change.new is True:
            said.append(t(lang, f"switched on the {name}", f"打开了{name}"))
        elif change.new is False:
            said.append(t(lang, f"switched off the {name}", f"关闭了{name}"))
        else:
            unit = t(lang, " percent", "%") if change.path.endswith(("FanSpeed", "Position")) else ""
            said.append(t(lang, f"set the {name} to {_value(change.new)}{unit}",
                          f"把{name}调到{_value(change.new)}{unit}"))
    if not said:
        return ""
    return t(lang, f"For safety I also {join_list(said, 'en')}.", f"按安全规则，我还{join_list(said, 'zh')}。")


def changes_data(result: BatchResult) -> list[dict[str, Any]]:
    """The batch as JSON-ready data for the Reply's actions."""
    return [
        {"path": c.path, "old": c.old, "new": c.new, "kind": str(c.kind), "reason": c.reason}
        for c in result.changes
    ] or [{"status": str(result.status), "reason": result.reason}]


def _value(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


ALREADY = {"en": "That was already so: ", "zh": "本来就是这样："}


def already(say: str, lang: Lang) -> str:
    """``say`` for a request the car already met ("That was already so: …")."""
    return ALREADY[lang] + say
