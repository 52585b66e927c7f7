"""Warnings and fault codes, the owner's manual, driving feedback, and declining."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from incabin.agents._models import Lang
from incabin.agents.context import TurnContext
from incabin.agents.fallback import asks_trip_feasibility
from incabin.agents.car_genius.status import unreadable
from incabin.agents.speech import join_list, num, t
from incabin.agents.tools import Outcome, tool
from incabin.vehicle import InvalidValue, VehicleError
from incabin.vehicle.dtc import DtcInfo, describe_dtc

# Any letter-and-four-characters code; describe_dtc then says which of them exist.
# (No \s in the pattern: llama.cpp's JSON-schema grammar cannot express it.)
_CODE_ARGUMENT = r"^[PCBUpcbu][0-9A-Fa-f]{4}$"
_SEVERITY = {
    "stop_now": ("Stop safely as soon as you can", "请尽快安全停车"),
    "service_soon": ("Drive to a service centre soon", "请尽快去维修中心"),
    "info": ("No need to stop", "无需停车"),
}


def _active_codes(ctx: TurnContext) -> list[str]:
    """The car's active fault codes (VehicleError when they cannot be read)."""
    return list(ctx.vehicle.get("Vehicle.Diagnostics.DTCList") or [])


@tool
def check_warnings(ctx: TurnContext) -> Outcome:
    """Explain the active warning lights / diagnostic trouble codes in plain words."""
    try:
        codes = _active_codes(ctx)
    except VehicleError as err:
        return Outcome(ok=False, act="inform", say=unreadable(err, ctx.lang))
    if not codes:
        return Outcome(ok=True, act="inform", data={"codes": []}, say=t(
            ctx.lang, "There are no active fault codes; the car reports no warnings.",
            "目前没有故障码，车辆没有报告警告。"))
    infos = [describe_dtc(c) for c in codes]
    infos.sort(key=lambda i: list(_SEVERITY).index(i.severity))
    parts = [_explain(info, ctx.lang) for info in infos[:3]]
    more = len(infos) - 3
    if more > 0:
        parts.append(t(ctx.lang, f"And {more} more codes.", f"另外还有{more}个故障码。"))
    return Outcome(ok=True, act="inform", say=" ".join(parts),
                   data={"codes": [{"code": i.code, "severity": i.severity} for i in infos]})


@tool
def explain_code(ctx: TurnContext, code: Annotated[str, Field(pattern=_CODE_ARGUMENT)]) -> Outcome:
    """Explain a diagnostic trouble code the driver names (like P0A80), active or not."""
    try:
        info = describe_dtc(code)
    except InvalidValue:  # the pattern lets P4xxx-P9xxx through; no such codes exist
        named = code.strip().upper()
        return Outcome(ok=False, act="inform", data={"code": named}, say=t(
            ctx.lang, f"{named} isn't a valid fault code; they look like P0A80.",
            f"{named}不是有效的故障码，故障码的格式类似P0A80。"))
    try:
        active = info.code in _active_codes(ctx)
    except VehicleError as err:
        status = unreadable(err, ctx.lang)
    else:
        status = (t(ctx.lang, "It is active on this car now.", "这辆车目前有这个故障码。") if active
                  else t(ctx.lang, "It isn't active on this car right now.", "这辆车目前没有这个故障码。"))
    return Outcome(ok=True, act="inform", say=f"{_explain(info, ctx.lang)} {status}", data={
        "code": info.code, "severity": info.severity, "active": active, "source": info.source})


def _explain(info: DtcInfo, lang: Lang) -> str:
    """One code in the DTC table's own words: meaning, urgency and advice."""
    en, zh = _SEVERITY[info.severity]
    meaning, advice = info.meaning.rstrip("。. "), info.advice.rstrip("。. ")
    return t(lang, f"{info.code}: {meaning}. {en}: {advice}.", f"{info.code}：{meaning}。{zh}：{advice}。")


@tool
def search_manual(ctx: TurnContext, question: str) -> Outcome:
    """Look up how something works in the car's owner's manual."""
    if asks_trip_feasibility(ctx.text) or asks_trip_feasibility(question):
        # The manual explains charging, it cannot know this trip: the planner can.
        return Outcome(ok=False, act="inform", data={"section": None}, say=t(
            ctx.lang, "Whether a trip needs charging is for the route planner, not the owner's "
                      "manual: ask me to plan the trip and I'll tell you.",
            "行程要不要充电要由路线规划来算，用户手册里查不到：让我规划一下这次行程就知道了。"))
    # A section below the relevance bar only shares a word or two with the question:
    # phrasing it would pass an unrelated passage off as the answer.
    manual = ctx.services.manual(ctx.lang)
    hit = manual.answer(question)
    if hit is None:
        return Outcome(ok=False, act="inform", data={"section": None}, say=t(
            ctx.lang, "The owner's manual doesn't cover that.", "用户手册里没有这方面的内容。"))
    return Outcome(ok=True, act="inform", needs_phrasing=True,
                   say=t(ctx.lang, f"From the manual section {hit.title}:", f"根据手册“{hit.title}”一节："),
                   # The sentences that answer, not the whole section: what is spoken
                   # (and phrased) stays on the question.
                   data={"section": hit.title, "section_id": hit.section_id,
                         "text": manual.excerpt(question, hit)})


_REASONS = {
    "high_speed": ("driving above 90 km/h", "车速超过90公里"),
    "braking_losses": ("hard braking", "急刹车"),
    "climate": ("the climate control", "空调"),
    "cold_battery": ("a cold battery", "电池温度低"),
    "unexplained": ("other losses", "其他损耗"),
}
_VERDICTS = {"excellent": "非常好", "good": "不错", "fair": "一般", "poor": "需要改进"}


@tool
def driving_feedback(ctx: TurnContext, question: Literal["driving", "range_drop"]) -> Outcome:
    """How the driver is driving, or why the range is dropping, from the driving coach."""
    coach = ctx.services.coach
    if coach is None:
        return Outcome(ok=False, act="inform", say=t(
            ctx.lang, "Driving feedback isn't available right now.", "暂时无法提供驾驶反馈。"))
    if question == "range_drop":
        reasons = [r for r in coach.range_drop_reasons() if r.share_percent >= 5][:2]
        if not reasons:
            return Outcome(ok=True, act="inform", data=[], say=t(
                ctx.lang, "Nothing unusual is using your range so far.", "目前没有异常的耗电。"))
        parts = [t(ctx.lang, f"{_REASONS[r.code][0]} used {num(r.share_percent)} percent, about "
                             f"{num(r.km_of_range)} km of range",
                   f"{_REASONS[r.code][1]}占{num(r.share_percent)}%，约{num(r.km_of_range)}公里续航")
                 for r in reasons]
        return Outcome(ok=True, act="inform", data=[r.code for r in reasons],
                       say=t(ctx.lang, f"Mostly {join_list(parts, 'en')}.", f"主要是{join_list(parts, 'zh')}。"))
    feedback = coach.driving_feedback()
    summary = feedback.summary
    say = t(ctx.lang,
            f"Your driving is {feedback.verdict}: smoothness {summary.smoothness}, safety {summary.safety} "
            f"out of 100, {feedback.harsh_brakes} harsh brakes, {feedback.speeding_episodes} speeding "
            f"spells. Tip: {summary.tip.text('en')}",
            f"您的驾驶{_VERDICTS[feedback.verdict]}：平稳{summary.smoothness}分，安全{summary.safety}分，"
            f"急刹车{feedback.harsh_brakes}次，超速{feedback.speeding_episodes}次。建议：{summary.tip.text('zh')}")
    return Outcome(ok=True, act="inform", say=say,
                   data={"smoothness": summary.smoothness, "safety": summary.safety})


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

