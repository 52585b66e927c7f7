"""Which agent takes a request: Car Genius (the car) or Travel Companion (the trip).

A keyword score in both languages, with the conversation's last agent breaking
ties, so a follow-up ("is it open now?") stays where the topic is. It costs
microseconds and never needs the model.
"""

from __future__ import annotations

import re

from incabin.agents._models import AgentName

_TRAVEL = [
    r"\bnavigat\w*", r"\btake me\b", r"\bdrive (me )?to\b", r"\bgo to\b", r"\bhead(ing)? to\b",
    r"\broute\b", r"\btrip\b", r"\bjourney\b", r"\bdestination\b", r"\bwaypoint\b", r"\bstop\b",
    r"\bstops\b", r"\bcharging stop", r"\bcharger", r"\bcharging station", r"\bsupercharg\w*",
    r"\brestaurant", r"\beat\b", r"\bfood\b", r"\bhungry\b", r"\blunch\b", r"\bdinner\b",
    r"\bbreakfast\b", r"\bcoffee\b", r"\bcaf[eé]\b", r"\btoilet", r"\brestroom", r"\bparking\b",
    r"\bfuel\b", r"\beta\b", r"\barriv\w*", r"\bhow far\b", r"\bdistance (to|left)\b",
    r"\bget there\b", r"\bmake it\b", r"\bwhere am i\b", r"\bnearest\b", r"\bnearby\b",
    r"\bavoid\b", r"\btolls?\b", r"\bmotorways?\b", r"\bhighways?\b", r"\bfastest\b",
    r"\bshortest\b", r"\beco route\b", r"\bopen (now|at|until)\b", r"\bis it open\b",
    r"\bvegetarian\b", r"\bvegan\b", r"\bhalal\b", r"\bpizza\b", r"\bsushi\b", r"\bcancel (the )?nav",
    r"\bon the way\b", r"\balong the (way|route)\b", r"\bhow long will i charge\b", r"\bplan\b",
    r"\bshanghai\b", r"\bberlin\b", r"\bbeijing\b", r"\bmunich\b", r"\bhelsinki\b",
    "导航", "带我去", "去(?![掉除])", "路线", "行程", "目的地", "充电站", "充电桩", "餐厅", "饭店", "吃",
    "咖啡", "厕所", "洗手间", "停车", "到达", "多久到", "途经", "避开", "高速", "收费",
    "附近", "最近的", "素食", "营业", "我在哪", "还有多远", "离.*多远", "到.*多远",
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
# Phrases that are about the trip whatever else the sentence mentions ("how much
# battery will I have left when we arrive" is a trip question): they count double.
_TRIP_STRONG = [
    r"\barriv\w*", r"\bget there\b", r"\bwhen we\b", r"\bhow far is\b", r"\baddress\b",
    r"\b(km|kilometres|kilometers|miles) (are )?left\b", r"\bleft to go\b", r"\bstopping\b",
    r"\bfrom here\b", r"\bopen (right )?now\b", r"\bis .+ open\b", r"\bon the way\b",
    r"\blast until\b", r"\breach\b", r"\bwithout (charging|a charge|stopping to charge)\b",
    r"\bneeds? (to )?charg", r"\bget to\b", r"\bon (one|a single) charge\b",
    "几点", "能到", "到达", "地址", "充电多久", "要充电", "营业", "开到", "不充电", "需要充电",
]
_TRAVEL_RE = [re.compile(p) for p in _TRAVEL] + [re.compile(p) for p in _TRIP_STRONG] * 2
_CAR_RE = [re.compile(p) for p in _CAR]


def route(text: str, last: AgentName | None, navigation_active: bool = False) -> AgentName:
    """The agent for ``text`` given the previous turn's agent."""
    lowered = text.lower()
    travel = sum(1 for p in _TRAVEL_RE if p.search(lowered))
    car = sum(1 for p in _CAR_RE if p.search(lowered))
    if "range" in lowered and navigation_active and re.search(r"\b(reach|make it|get there)\b", lowered):
        travel += 1
    if travel > car:
        return "travel_companion"
    if car > travel:
        return "car_genius"
    return last or "car_genius"
