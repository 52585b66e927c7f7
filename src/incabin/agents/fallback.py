"""Questions answered from data without trusting the model's own words.

A small model sometimes "answers" a question about the car or the trip from
imagination ("the range is 100 km"), or calls an unrelated tool. Facts must come
from the car and the map, so a question whose topic is recognisable here (and
that asks for nothing to be done) goes straight to the matching read-only tool;
after the model, the same table rescues a turn where it called no tool, and other
free text is only kept when it states no numbers and echoes no machinery.

Each fact has one owner: a fault code's meaning the DTC table (``explain_code``),
whether a trip needs charging the route planner (``trip_info``), and only how the
car works the owner's manual.
"""

from __future__ import annotations

import re
from typing import Any

from incabin.agents._models import AgentName

Call = tuple[str, dict[str, Any]]

_QUESTION = re.compile(
    r"\?|？|^(what|how|is|are|which|do (i|you|we)|does|did|can|could|where|when|why|will|should|tell me|"
    r"check|show me|any)\b|吗|什么|多少|怎么|如何|哪|几|是否|有没有|查一下|看看"
)
_MANUAL = re.compile(
    r"^(how (do|can|should|to) i|how to|how does|what does .+ mean|what is the .+ for|can i|"
    r"is it (ok|safe)|where (is|are) the|what should i do|can (this|the|my) car|can it)|manual|"
    r"recommend|should .+ be|^what (is|are|does) (?!my |our |the car'?s ).*(driving|mode|braking|"
    r"system|feature|assist|light mean|symbol)|"
    r"怎么|如何|什么意思|说明书|手册|可以.+吗|合适|应该|推荐"
)
# "What does P0A80 mean?": the DTC table owns a code's meaning and urgency, not the
# manual's general paragraph on warning lights. Letter, digit, three hex digits; not
# inside a longer word, but Chinese may follow directly ("P0A80是什么意思").
_FAULT_CODE = re.compile(r"(?<![a-z0-9])[pcbu][0-9][0-9a-f]{3}(?![a-z0-9])")
# "Will this trip need charging?", "can I get to Tampere without charging?": only the
# route planner knows; the manual's charging sections would answer a different question.
# A question is about trip feasibility when it names charge or battery and a trip or a
# place to reach; "how do I charge on a road trip" asks how, and stays the manual's.
_ENERGY = re.compile(r"charg|battery|\brange\b|电|充")
_JOURNEY = re.compile(r"\b(trip|route|journey|get there|get to|make it|reach (?!\d)|drive to|on the way)\b|"
                      r"开到|能到|到得了|行程|路上|一路|中途|途中")
_HOW_TO = re.compile(r"^how (do|can|should) (i|we)\b|^how to\b|怎么|如何")
_CAR_TOPICS: list[tuple[str, dict[str, Any], re.Pattern[str]]] = [
    ("check_warnings", {}, re.compile(
        r"warning|light (just )?(came|come|is|went) on|fault|error code|\bdtc\b|check engine|"
        r"dashboard|something (is )?wrong|故障|警告|指示灯|亮了|报警")),
    ("get_vehicle_status", {"topic": "tyres"}, re.compile(r"tyre|tire|pressure|胎压|轮胎")),
    ("get_vehicle_status", {"topic": "charging"}, re.compile(
        r"\b(am i|is it|are we) charging|charging (status|now)|charge limit|充电状态|在充电|充电上限")),
    ("get_vehicle_status", {"topic": "battery"}, re.compile(
        r"range|battery|charge level|\bsoc\b|how far can|km left|电量|续航|还能开多远|电池|还能跑")),
    ("get_vehicle_status", {"topic": "windows"}, re.compile(r"window|车窗|窗户")),
    ("get_vehicle_status", {"topic": "doors"}, re.compile(
        r"door|locked|trunk|boot|hood|everything (closed|shut)|车门|锁|后备箱|关好")),
    ("get_vehicle_status", {"topic": "speed"}, re.compile(r"how fast|my speed|speed am|车速|多快")),
    ("get_vehicle_status", {"topic": "climate"}, re.compile(
        r"climate|a/?c\b|air con|seat heat|fan|空调|座椅加热|风量")),
    ("get_vehicle_status", {"topic": "temperature"}, re.compile(
        r"temperature|how (cold|hot|warm)|outside|inside|温度|多少度|冷不冷|热不热")),
    ("get_vehicle_status", {"topic": "trip"}, re.compile(
        r"\btrip\b|how long have i been|distance (today|so far)|行程|开了多久")),
    ("get_vehicle_status", {"topic": "lights"}, re.compile(r"lights?\b|beams?|灯")),
]
_TRAVEL_TOPICS: list[tuple[str, dict[str, Any], re.Pattern[str]]] = [
    ("trip_info", {"question": "reach_without_charging"}, re.compile(
        r"make it|without charging|reach .* without|enough (battery|charge)|battery last|"
        r"last until|不充电|够不够|能开到|"
        # "Will this trip need charging?"; "how long will I need to charge" asks for a time.
        r"^(?!how long).*\b(needs?|have) to (stop (to|and) )?charge|"
        r"^(?!how long).*\b(need|needs|require|requires) (a )?charg(e|ing)\b|需要充电|要不要充电|用不用充电")),
    ("trip_info", {"question": "battery_at_arrival"}, re.compile(
        r"battery .*(arriv|get there)|have left when|arrive with|到达.*电量|到.*剩多少电")),
    ("trip_info", {"question": "stops"}, re.compile(
        r"what stops|which stops|stops on|where (are|do) we (stop|charge)|stopping|途经|在哪.*充电|哪里充电")),
    ("trip_info", {"question": "charging_time"}, re.compile(
        r"how long (will|do|should) (i|we) charge|charging time|充电多久|充多久|要充电多久")),
    ("trip_info", {"question": "eta"}, re.compile(
        r"\beta\b|when (will|do) (we|i) (arrive|get)|arrival time|几点到|什么时候到|几点能到")),
    ("trip_info", {"question": "where_am_i"}, re.compile(r"where am i|where are we\b|我在哪|这是哪")),
    ("trip_info", {"question": "distance_left"}, re.compile(
        r"how far (is it|to go|still)|distance (left|to go)|(km|kilometres|kilometers) (are )?left|"
        r"left to go|how much longer|还有多远|还有多久|还剩多少公里")),
]
# "How far is Kiasma (from here)?", "where is Stockmann?", "what's the address of X?"
_PLACE_QUESTION = [
    ("distance", re.compile(r"how far (away )?is (?P<place>.+?)( from here)?\??$|离(?P<zh>.+?)多远")),
    ("address", re.compile(r"(address of|where is|where's) (?P<place>.+?)\??$|(?P<zh>.+?)的地址")),
    ("open_now", re.compile(r"is (?P<place>.+?) open( (right )?now)?\??$|(?P<zh>.+?)(现在)?(还)?(营业|开门)")),
]
# "Can I get to Leipzig without charging?" names the place: trip_info plans it unless
# it is where the active trip goes.
_REACH_PLACE = [
    re.compile(r"\b(get|go|drive|make it|reach)( to)? (?P<place>[^?]+?) (without (a |stopping to )?"
               r"(re)?charg|(on|with) (one|a single|this|the|my)( current)? (charge|battery))"),
    re.compile(r"enough( battery| charge| range)? to (get|go|drive) to (?P<place>[^?]+?)\??$"),
    re.compile(r"不(用)?充电.*?(开到|到)(?P<zh>[^吗呢？?，,]+)"),
]
_VAGUE = {"it", "that", "there", "the destination", "destination", "we", "this", "那里", "那儿", "这里", "它",
          "目的地"}
# "How long does it take to drive to Leipzig?" asks for a plan.
_HOW_LONG_TO = re.compile(r"how long (does it|will it|would it|to) .*\bto (?P<place>[^?]+?)\??$|"
                          r"(去|到)(?P<zh>.+?)(要|需要)多久")
# "Where's the nearest charger?" is a search, not a look-up of a place called "nearest charger".
_NEAREST = re.compile(r"\b(nearest|closest)\b|最近的|附近")
_NEAR_CATEGORIES = [
    ("charging", re.compile(r"charg|充电")), ("toilets", re.compile(r"toilet|restroom|\bwc\b|厕所|洗手间")),
    ("parking", re.compile(r"parking|car park|停车")), ("cafe", re.compile(r"coffee|caf[eé]|咖啡")),
    ("fuel", re.compile(r"fuel|petrol|\bgas\b|加油")),
]


_UNTRUSTED = re.compile(r"\d|[{}\[\]_\"`]|invalid|tool call|function|json", re.IGNORECASE)
# Verbs that make a question a polite command ("can you open the trunk?").
_COMMAND = re.compile(
    r"\b(open|close|shut|turn|switch|set|lock|unlock|start|stop|make|put|raise|lower|increase|"
    r"decrease|heat|cool|warm|activate|enable|disable|navigate|take me|add|remove|find|"
    r"cancel|avoid|pop|release)\b|^(please|(can|could|would|will) you (?!tell|show|check|see|"
    r"let me know))|打开|关闭|关上|调|设|开启|锁|导航|添加|删除|找|帮我")


def direct_question(agent: AgentName, text: str) -> Call | None:
    """The read-only call for a question that asks for nothing to be done, else None.

    A fault code goes to the DTC table first; "How do I open …" asks how, not to
    open: manual questions come next. Trip feasibility is never Car Genius's to
    answer from data here (see ``asks_trip_feasibility``).
    """
    decided, call = _car_genius_first(agent, text)
    if decided:
        return call
    lowered = text.strip().lower()
    if agent == "car_genius" and _MANUAL.search(lowered) and _QUESTION.search(lowered):
        return "search_manual", {"question": text.strip()}
    if asks_for_action(text):
        return None
    return question_call(agent, text, direct=True)


def _car_genius_first(agent: AgentName, text: str) -> tuple[bool, Call | None]:
    """What Car Genius answers before anything else: ``(True, call)`` answers with
    ``call`` (a fault code's explanation, or None for trip feasibility, which only the
    route planner knows); ``(False, None)`` goes on to the other checks."""
    if agent != "car_genius":
        return False, None
    code = _FAULT_CODE.search(text.strip().lower())
    if code:
        return True, ("explain_code", {"code": code.group().upper()})
    return asks_trip_feasibility(text), None


def asks_for_action(text: str) -> bool:
    """Whether ``text`` asks for something to be done (even politely, as a question)."""
    return bool(_COMMAND.search(text.strip().lower()))


def asks_trip_feasibility(text: str) -> bool:
    """Whether ``text`` asks if a trip needs charging or the car reaches a place.

    Only the route planner can say; the manual's charging sections answer how
    charging works, which is a different question.
    """
    lowered = text.strip().lower()
    return bool(_ENERGY.search(lowered) and _JOURNEY.search(lowered) and not _HOW_TO.search(lowered))


def question_call(agent: AgentName, text: str, *, direct: bool = False) -> Call | None:
    """The read-only tool call that answers ``text``, if it is a recognisable question.

    Unless ``direct``, any other question about the car goes to the manual (whose
    search says when it has nothing relevant). Trip feasibility asked of Car Genius
    gets None: neither its tools nor the manual know.
    """
    decided, call = _car_genius_first(agent, text)
    if decided:
        return call
    lowered = text.strip().lower()
    warnings_tool, _, warnings = _CAR_TOPICS[0]
    if agent == "car_genius" and warnings.search(lowered):
        return warnings_tool, {}  # "a light came on" asks even without a question mark
    if not _QUESTION.search(lowered):
        return None
    if agent == "car_genius":
        if _MANUAL.search(lowered):
            return "search_manual", {"question": text.strip()}
        topics = _CAR_TOPICS
    else:
        planned = _reach_place(text.strip())
        if planned is not None:
            return planned
        topics = _TRAVEL_TOPICS
    for tool, arguments, pattern in topics:
        if pattern.search(lowered):
            return tool, dict(arguments)
    if agent == "travel_companion":
        return _place_question(text.strip())
    if agent == "car_genius" and not direct:
        return "search_manual", {"question": text.strip()}  # the manual covers the car
    return None


def _reach_place(text: str) -> Call | None:
    """``trip_info`` for "can I get to X without charging?" when X is a named place."""
    for pattern in _REACH_PLACE:
        match = pattern.search(text.lower() if text.isascii() else text)
        if match:
            place = (match.groupdict().get("place") or match.groupdict().get("zh") or "").strip()
            if place and place not in _VAGUE and place.removeprefix("the ") not in _VAGUE:
                return "trip_info", {"question": "reach_without_charging", "destination": place}
    return None


def _place_question(text: str) -> Call | None:
    lowered = text.lower()
    if _NEAREST.search(lowered):
        category = next((c for c, p in _NEAR_CATEGORIES if p.search(lowered)), "restaurant")
        return "find_places", {"category": category, "near": "here"}
    plan = _HOW_LONG_TO.search(lowered if text.isascii() else text)
    if plan:
        place = (plan.group("place") or plan.group("zh") or "").strip()
        if place and place not in _VAGUE:
            return "plan_trip", {"destination": place}
    for question, pattern in _PLACE_QUESTION:
        match = pattern.search(text.lower() if text.isascii() else text)
        if match:
            place = (match.group("place") if "place" in match.groupdict() and match.group("place")
                     else match.groupdict().get("zh") or "")
            place = re.split(r"[?？.,!，。！]", place)[0].strip().removeprefix("the ")
            if place.lower() in _VAGUE:
                return "place_info", {"question": question}
            return "place_info", {"question": question, "place": place} if place else {
                "question": question}
    if re.search(r"\b(its|the) address\W*$|地址是", lowered):
        return "place_info", {"question": "address"}
    return None


def trustworthy(text: str) -> bool:
    """Model words may be spoken only when they state no numbers and echo no machinery."""
    return not _UNTRUSTED.search(text)
