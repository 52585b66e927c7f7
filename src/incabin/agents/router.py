"""Which agent takes a request: Car Genius (the car) or Travel Companion (the trip).

A keyword score in both languages, with the conversation's last agent breaking
ties, so a follow-up ("is it open now?") stays where the topic is. It costs
microseconds and never needs the model.
"""

from __future__ import annotations

import re

from incabin.agents._models import AgentName
from incabin.agents.travel_words import asks_to_go, travel_mentions, trip_question

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
_CAR = [
    r"\btemperature\b", r"\bdegrees?\b", r"\bwarm(er)?\b", r"\bcold\b", r"\bhot\b", r"\bcool(er)?\b",
    r"\bheat\w*", r"\bseat", r"\bwindows?\b", r"\bsunroof\b", r"\bshade\b", r"\blights?\b",
    r"\bbeams?\b", r"\bfog\b", r"\bheadlights?\b", r"\bwipers?\b", r"\btyres?\b", r"\btires?\b",
    r"\bpressure\b", r"\bdoors?\b", r"\btrunk\b", r"\bboot\b", r"\bhood\b", r"\bbonnet\b",
    r"\bfrunk\b", r"\bcharge port\b", r"\bcharge limit\b", r"\bbattery\b", r"\bsoc\b",
    r"\brange\b", r"\bwarning", r"\bfault", r"\bcode\b", r"\bdtc\b", r"\bcame on\b",
    r"\bmanual\b", r"\bhow do i\b", r"\bwhat does\b", r"\ba/?c\b", r"\bair con\w*", r"\bfan\b",
    r"\bdefrost\w*", r"\brecircul\w*", r"\bmassage\b", r"\bsteering\b", r"\block\b",
    r"\bunlock\b", r"\bchild lock", r"\bdriving\b", r"\bspeed\b", r"\bodometer\b",
    r"\bmode\b", r"\bregen\w*", r"\bforget\b", r"\bremember\b", r"\babout me\b",
    "温度", "度", "冷", "热", "空调", "座椅", "加热", "车窗", "窗", "天窗", "灯", "雨刷", "胎压",
    "轮胎", "车门", "后备箱", "尾门", "引擎盖", "电量", "电池", "续航", "故障", "警告", "指示灯",
    "说明书", "手册", "怎么", "除霜", "风量", "按摩", "方向盘", "锁", "驾驶", "忘记", "记住",
    "还能开多远", "能跑多远",
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
    car = sum(1 for p in _CAR_RE if p.search(lowered))
    if "range" in lowered and navigation_active and re.search(r"\b(reach|make it|get there)\b", lowered):
        travel += 1
    if travel > car:
        return "travel_companion"
    if car > travel:
        return "car_genius"
    return last or "car_genius"
