"""Warnings and fault codes, the owner's manual, driving feedback, and declining."""

from __future__ import annotations

from typing import Literal

from incabin.agents.context import TurnContext
from incabin.agents.speech import t
from incabin.agents.tools import Outcome, tool
from incabin.vehicle.dtc import describe_dtc

_SEVERITY = {
    "stop_now": ("Stop safely as soon as you can", "请尽快安全停车"),
    "service_soon": ("Drive to a service centre soon", "请尽快去维修中心"),
    "info": ("No need to stop", "无需停车"),
}


@tool
def check_warnings(ctx: TurnContext) -> Outcome:
    """Explain the active warning lights / diagnostic trouble codes in plain words."""
    codes = list(ctx.vehicle.get("Vehicle.Diagnostics.DTCList") or [])
    if not codes:
        return Outcome(ok=True, act="inform", data={"codes": []}, say=t(
            ctx.lang, "There are no active fault codes; the car reports no warnings.",
            "目前没有故障码，车辆没有报告警告。"))
    infos = [describe_dtc(c) for c in codes]
    infos.sort(key=lambda i: list(_SEVERITY).index(i.severity))
    parts = []
    for info in infos[:3]:
        en, zh = _SEVERITY[info.severity]
        parts.append(t(ctx.lang, f"{info.code}: {info.meaning}. {en}: {info.advice}",
                       f"{info.code}：{info.meaning}。{zh}。{info.advice}"))
    more = len(infos) - 3
    if more > 0:
        parts.append(t(ctx.lang, f"And {more} more codes.", f"另外还有{more}个故障码。"))
    return Outcome(ok=True, act="inform", say=" ".join(parts),
                   data={"codes": [{"code": i.code, "severity": i.severity} for i in infos]})


@tool
def search_manual(ctx: TurnContext, question: str) -> Outcome:
    """Look up how something works in the car's owner's manual."""
    hits = ctx.services.manual(ctx.lang).search(question, k=1)
    if not hits:
        return Outcome(ok=False, act="inform", say=t(
            ctx.lang, "The owner's manual has nothing on that.", "用户手册里没有相关内容。"))
    hit = hits[0]
    return Outcome(ok=True, act="inform", needs_phrasing=True,
                   say=t(ctx.lang, f"From the manual section {hit.title}:", f"根据手册“{hit.title}”一节："),
                   data={"section": hit.title, "section_id": hit.section_id, "text": hit.text})


@tool
def driving_feedback(ctx: TurnContext, question: Literal["driving", "range_drop"]) -> Outcome:
    """How the driver is driving, or why the range is dropping, from the driving coach."""
    coach = ctx.services.coach
    if coach is None:
        return Outcome(ok=False, act="inform", say=t(
            ctx.lang, "Driving feedback isn't available right now.", "暂时无法提供驾驶反馈。"))
    if question == "range_drop":
        reasons = coach.range_drop_reasons()
        if not reasons:
            return Outcome(ok=True, act="inform", say=t(
                ctx.lang, "Your range is dropping as expected; nothing unusual.",
                "续航下降在正常范围内，没有异常。"))
        return Outcome(ok=True, act="inform", say=" ".join(r.say(ctx.lang) for r in reasons[:2]),
                       data=[r.kind for r in reasons])
    feedback = coach.driving_feedback()
    return Outcome(ok=True, act="inform", say=feedback.say(ctx.lang),
                   data={"smoothness": feedback.smoothness, "safety": feedback.safety})


@tool
def decline(ctx: TurnContext, reason: Literal["outside_abilities", "unsafe", "not_available",
                                             "rule_override"]) -> Outcome:
    """Use when the request is something the car or assistant cannot or must not do."""
    say = {
        "outside_abilities": t(ctx.lang, "Sorry, that's not something I can do from the car.",
                               "抱歉，这个我在车上做不到。"),
        "unsafe": t(ctx.lang, "I can't do that: it isn't safe while driving.",
                    "这样做不安全，我不能执行。"),
        "not_available": t(ctx.lang, "This car doesn't have that feature.", "这辆车没有这个功能。"),
        "rule_override": t(ctx.lang, "I can't change or skip the car's safety rules.",
                           "我不能更改或绕过车辆的安全规则。"),
    }[reason]
    return Outcome(ok=True, act="refuse", say=say, data={"reason": reason})

