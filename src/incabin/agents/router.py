"""Which agent takes a request: Car Genius (the car) or Travel Companion (the trip).

A keyword score in both languages, with the conversation's last agent breaking
ties, so a follow-up ("is it open now?") stays where the topic is. It costs
microseconds and never needs the model.
"""

from __future__ import annotations

import re

from incabin.agents._models import AgentName
from incabin.agents.capabilities import catalogue, language
from incabin.agents.travel_words import (
    asks_to_go, is_question, travel_mentions, trip_question, without_travel_words)

# Navigation words; places to eat or stop, cuisines, diets, trip questions and requests
# to go come from the travel vocabulary (``agents/travel_words``).
_TRAVEL = [
    r"\bnavigat\w*", r"\broute\b", r"\btrip\b", r"\bjourney\b", r"\bdestination\b",
    r"\bwaypoint\b", r"\bstop\b", r"\bstops\b", r"\bcharging stop", r"\beta\b", r"\barriv\w*",
    r"\bhow far\b", r"\bnearest\b", r"\bnearby\b", r"\bavoid\b", r"\btolls?\b", r"\bmotorways?\b",
    r"\bhighways?\b", r"\bfastest\b", r"\bshortest\b", r"\beco route\b",
    r"\bopen (right now|now|at|until)\b",
    r"\bis it open\b", r"\bcancel (the )?nav", r"\bon the way\b", r"\balong the (way|route)\b",
    r"\bshanghai\b", r"\bberlin\b", r"\bbeijing\b", r"\bmunich\b", r"\bhelsinki\b",
    "导航", "去(?![掉除雾])", "路线", "行程", "目的地", "到达", "途经", "避开", "高速", "收费",
    "附近", "最近的", "营业", "还有多远", "离.*多远", "到.*多远",
    r"\baddress\b", r"\bfrom here\b", r"\bstopping\b", "地址", "还开着",
]
# Car words that name no capability: the manual, faults, the driver's own data and
# driving; the capabilities' own part words and status topics come from their data.
_CAR = [
    r"\bmanual\b", r"\bhow do i\b", r"\bwhat does\b", r"\bwarning", r"\bfault", r"\bcode\b",
    r"\bdtc\b", r"\bcame on\b", r"\bdriving\b", r"\bmode\b", r"\bregen\w*", r"\bodometer\b",
    r"\bforget\b", r"\bremember\b", r"\babout me\b",
    "说明书", "手册", "怎么", "故障", "警告", "指示灯", "驾驶", "忘记", "记住",
]
# A trip question or a request to go is about the trip whatever else it mentions ("will
# I reach Tampere with what's left in the battery?", "I'm at 35 %, take me to Turku").
_DECISIVE = 3
_TRAVEL_RE = [re.compile(p) for p in _TRAVEL]
_CAR_RE = [re.compile(p) for p in _CAR]


def route(text: str, last: AgentName | None, navigation_active: bool = False) -> AgentName:
    """The agent for ``text`` given the previous turn's agent."""
    lowered = text.lower()
    travel = sum(1 for p in _TRAVEL_RE if p.search(lowered)) + travel_mentions(text)
    asked = trip_question(text)
    # "How long does it take?" with no place may be about charging or anything else.
    if asked is not None and (asked.kind != "duration" or asked.place) or asks_to_go(
            text, also=False):
        travel += _DECISIVE
    lang = language(text)
    # Each car capability (or missing feature) the request names counts once; so does
    # a status topic in a question ("how far have I driven so far", "后备箱是不是还开着"),
    # outside the travel words ("is the charging station open?" asks about a place).
    car = sum(1 for p in _CAR_RE if p.search(lowered))
    car += len(catalogue().named_tools(lowered, lang, "car_genius"))
    if is_question(text) and catalogue().named_value(
            "get_vehicle_status", "topic", without_travel_words(text), lang) is not None:
        car += 1
    if "range" in lowered and navigation_active and re.search(r"\b(reach|make it|get there)\b", lowered):
        travel += 1
    if travel > car:
        return "travel_companion"
    if car > travel:
        return "car_genius"
    return last or "car_genius"
